import type { Logger } from 'pino';
import type { PersonalDataVault } from '@fivesoc/service-kit';
import type { CaseCommand } from '../domain/decider.ts';
import type { CaseState } from '../domain/state.ts';
import type { Reaction } from './translate.ts';

export interface ReactionDeps {
  logger: Logger;
  vault?: PersonalDataVault | undefined;
  load(caseId: string): Promise<CaseState | undefined>;
  exec(
    caseId: string,
    command: CaseCommand,
    causationId: string,
    read?: { newStream?: boolean },
  ): Promise<unknown>;
}

/** Carries out what a society's event asks of a case, on the case as it is now. */
export async function react(d: ReactionDeps, r: Reaction, causationId: string): Promise<void> {
  switch (r.kind) {
    case 'skip':
      d.logger.info({ needId: r.needId }, `${r.reason}: no case opened`);
      return;
    case 'erase':
      await d.vault?.erase(r.key);
      return;
    case 'command':
      // An open whose case exists already is rare (a redelivery): it is not looked up first, and should
      // it exist, its first commit's insert answers a conflict and the case is read.
      await d
        .exec(r.caseId, r.command, causationId, r.unlessExists ? { newStream: true } : {})
        .catch((err: unknown) => {
          if (!r.unlessExists || (err as { code?: string }).code !== 'ALREADY_EXISTS') throw err;
        });
      return;
    case 'ifOpen':
    case 'answer': {
      const s = await d.load(r.caseId);
      if (!s || (s.closed && (r.kind === 'ifOpen' || r.command.kind === 'deliver'))) return;
      if (r.kind === 'answer' && !s.matches.some((m) => m.requestId === r.requestId && m.kind === r.itemKind))
        return;
      await d.exec(r.caseId, r.command, causationId);
      return;
    }
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}
