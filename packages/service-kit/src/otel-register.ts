/**
 * Loaded with `node --import @fivesoc/service-kit/otel-register` so tracing starts before any module it
 * instruments is imported. ESM imports are hooked only for the modules an instrumentation asks for.
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { startTelemetry } from './telemetry.ts';

const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

startTelemetry(process.env.FIVESOC_SERVICE ?? 'service');
await waitForAllMessagesAcknowledged();
