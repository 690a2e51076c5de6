import { App } from 'cdk8s';
import { MeshChart } from './chart';

const app = new App();
new MeshChart(app, 'mesh');
app.synth();
