import { runService } from '@fivesoc/service-kit';
import { service } from './service.ts';

await runService(service);
