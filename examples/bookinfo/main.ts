import { App } from 'cdk8s';
import { addBookinfo } from './app';

const app = new App();
addBookinfo(app);
app.synth();
