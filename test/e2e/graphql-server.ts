/**
 * The GraphQL server of test/gen/graphql-exchange.ts as a process, for the lab's server namespace
 * (mirror-graphql.test.ts). Usage: node --import tsx test/e2e/graphql-server.ts PORT
 */
import { startGraphqlServer } from '../gen/graphql-exchange';

void startGraphqlServer(Number(process.argv[2] ?? 80), '0.0.0.0').then(() => process.stdout.write('listening\n'));
