import { App } from 'cdk8s';
import { MeshRevisionedChart } from './chart';

const app = new App();
new MeshRevisionedChart(app, 'mesh-revisioned');
app.synth();
