import { z } from 'zod';
import { IllegalStateError, type HttpApp } from '@fivesoc/service-kit';
import { standingOf, type Standing } from '../domain/ledger/standing.ts';
import type { PersonalData } from '../domain/volunteer/events.ts';
import { idSchema } from '../domain/shared.ts';
import { ADMINS, assertSelfOrAdmin, loadVolunteer } from './access.ts';
import type { Deps } from './deps.ts';
import { rulesInForce } from './rules.ts';
import { certificateBody, errors } from './responses.ts';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const hours = (minutes: number) => (Math.round((minutes / 60) * 100) / 100).toFixed(2);

/** The certificate's HTML: the confirmed entries and their total (志愿服务时长证明). */
export function certificateHtml(name: string, volunteerId: string, s: Standing, issuedAt: Date): string {
  const rows = s.counted
    .map(
      (e) =>
        `<tr><td>${e.entryId}</td><td>${escape(e.taskId)}</td><td>${e.recordedAt.slice(0, 10)}</td><td>${e.effectiveConfirmedAt.slice(0, 10)}</td><td>${hours(e.minutes)}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>志愿服务时长证明</title></head>
<body>
<h1>志愿服务时长证明</h1>
<p>兹证明志愿者 <strong>${escape(name)}</strong>（编号 ${escape(volunteerId)}）已确认的志愿服务记录如下：</p>
<table border="1"><thead><tr><th>记录</th><th>服务项目</th><th>记录日期</th><th>确认日期</th><th>时长（小时）</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>累计已确认志愿服务时长：<strong>${hours(s.confirmedMinutes)}</strong> 小时；星级：${s.starLevel} 星。</p>
<p>出具日期：${issuedAt.toISOString().slice(0, 10)}</p>
</body></html>
`;
}

export function certificateRoutes(app: HttpApp, deps: Deps) {
  app.get(
    '/v1/volunteers/:id/hours/certificate',
    {
      config: { roles: [...ADMINS, 'volunteer'], scope: 'place_or_own' },
      schema: {
        summary:
          'Download the hours certificate (HTML attachment; the name is opened from the vault only here)',
        tags: ['hours'],
        params: z.strictObject({ id: idSchema }),
        response: { 200: certificateBody, ...errors(404, 422) },
      },
    },
    async (req, reply) => {
      const { state: v } = await loadVolunteer(deps, req.params.id);
      assertSelfOrAdmin(req.principal, req.params.id, v);
      const personal =
        v.status === 'active'
          ? await deps.vault.openFor<PersonalData>(v.personal, {
              req,
              record: `volunteer ${req.params.id} hours certificate`,
              place: v.profile.place,
            })
          : null;
      if (!personal)
        throw new IllegalStateError('this volunteer has been erased: no certificate can name them');
      const { state } = await deps.commands.ledger.load(req.params.id);
      const now = new Date();
      const { rules } = await rulesInForce(deps, v.profile.place.districtCode);
      const html = certificateHtml(
        personal.name,
        req.params.id,
        standingOf(state, now, deps.autoConfirmDays, rules),
        now,
      );
      const file = `志愿服务时长证明-${req.params.id}.html`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="hours-certificate-${req.params.id}.html"; filename*=UTF-8''${encodeURIComponent(file)}`,
        )
        .header('cache-control', 'no-store')
        .send(html);
    },
  );
}
