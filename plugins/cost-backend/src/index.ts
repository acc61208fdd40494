export { costPlugin as default } from './plugin';
