export { pythonWithNumpy } from '../../experiments/bench/find-python.js';
