// Boots the page: loads the simulator (WASM) and draws the cluster it describes.
import init, { Playground } from './pkg/playground.js';
import { renderCluster } from './cluster-view.js';

const root = document.querySelector('[data-playground]');
const status = root.querySelector('.status');

try {
  await init();
  const playground = new Playground(5, 1);
  renderCluster(root.querySelector('.cluster'), playground.view());
  status.textContent = 'Ready.';
} catch (error) {
  status.textContent = `The simulator could not start: ${error.message}`;
}
