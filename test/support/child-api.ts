/**
 * The local API Gateway in a process of its own, over the environment it is given (this test file's
 * tables, a CATALOGUE_MODULE): a stack restarted on the same data with a changed catalogue.
 */
import { startApiGateway } from '../../local/api-gateway';

const gateway = await startApiGateway({ port: 0 });
console.log(`listening ${gateway.url}`);
process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
