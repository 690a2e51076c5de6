import { App } from 'cdk8s';
import { HelloMeshChart } from './chart';

const app = new App();
new HelloMeshChart(app, 'hello-mesh');
app.synth();
