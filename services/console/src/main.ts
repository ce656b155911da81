import { runConsole } from './service.ts';

await runConsole();
