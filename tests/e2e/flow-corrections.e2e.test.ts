import { describe, expect, it } from 'vitest';
import { systemTransaction } from '../helpers/sql.ts';
import { browserSignIn, expectAccessible, expectNoBrowserStorage, openWithReason, useJourney } from './support.ts';

/**
 * Corrections of the flow (docs/domain.md, "Corrections"): Mette, a coordinator, corrects the reasoning of an Infohus
 * decision on the concern page and sees old -> new in its history; then corrects an offer wrongly recorded as declined
 * to "Intet svar" on the case page and sees that history on the offer's card, and writes a correction note that names the
 * note it corrects. axe reports 0 violations.
 */
const PASSWORD = 'Lang-og-sikker-adgangskode-2026';

const j = useJourney();

describe('corrections of the flow', () => {
  it('the coordinator corrects an Infohus decision and an offer answer, and sees both histories', async () => {
    const mette = await j.server.createUser({ username: 'mette.rettelse', password: PASSWORD, role: 'coordinator', displayName: 'Mette Lund' });
    const now = j.server.ctx.clock.now();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(now);
    const { concernId, caseId } = await systemTransaction(j.server.ctx.db, async (tx) => {
      const p = (await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Rasmus Rettelse', 'unknown', $2, $2) RETURNING id`, [j.server.unitId, now])).rows[0]!.id;
      const k = (await tx.query<{ id: string }>(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
           triaged_at, handled_in_time, registered_by, coordinator_id, created_at, updated_at, minor_stated)
         VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Truer en klassekammerat i frikvarteret.', 'unfounded', $4, $2, true, $5, $5, $2, $2, 'no') RETURNING id`,
        [j.server.unitId, now, p, new Date(now.getTime() + 48 * 3_600_000), mette.id])).rows[0]!.id;
      await tx.query(
        `INSERT INTO infohus_assessments (concern_id, unit_id, meeting_date, participants, decision, reasoning, decided_by, decided_at)
         VALUES ($1, $2, $3, '{Kommunen,Politiet}', 'unfounded', 'Ingen konkret adfærd.', $4, $5)`, [k, j.server.unitId, today, mette.id, now]);
      const c = (await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, owner_id, status, created_at, updated_at) VALUES ($1, $2, 'Rettelsessag', $3, 'offer', $4, $4) RETURNING id`,
        [j.server.unitId, p, mette.id, now])).rows[0]!.id;
      await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [c, mette.id, j.server.unitId, now]);
      await tx.query(`INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at) VALUES ($1, $2, 'mentor', $3, $4, 'declined', $5)`,
        [c, j.server.unitId, new Date(now.getTime() - 2 * 3_600_000), mette.id, new Date(now.getTime() - 3_600_000)]);
      return { concernId: k, caseId: c };
    });

    const m = await j.tab();
    await browserSignIn(j.server, m.context, 'mette.rettelse', PASSWORD);
    await openWithReason(m.page, `${j.server.url}/henvendelser/${concernId}`);
    await m.page.getByRole('heading', { level: 2, name: 'Ret Infohus-beslutningen' }).waitFor();
    await m.page.getByRole('button', { name: 'Ret beslutningen' }).click();
    await m.page.getByLabel('Begrundelse', { exact: true }).fill('Ingen konkret adfærd; skolen har trukket bekymringen tilbage.');
    await m.page.getByRole('button', { name: 'Gem rettelsen' }).click();
    await expect.poll(() => m.page.getByText('Rettelsen af beslutningen er gemt.').count()).toBe(1);
    await m.page.getByRole('heading', { name: 'Rettelser af Infohus-beslutningen' }).waitFor();
    await expect.poll(() => m.page.getByText('Ingen konkret adfærd. → Ingen konkret adfærd; skolen har trukket bekymringen tilbage.').count()).toBe(1);
    expect(await m.page.getByRole('main').innerText()).toContain('Mette Lund');
    await expectAccessible(m.page, 'concern page with a corrected Infohus decision');

    await openWithReason(m.page, `${j.server.url}/sager/${caseId}`);
    await m.page.getByRole('heading', { level: 2, name: 'Tilbud' }).waitFor();
    await m.page.getByRole('button', { name: 'Ret svaret på Mentorforløb' }).click();
    await m.page.getByLabel('Svar', { exact: true }).selectOption('no_answer');
    await m.page.getByRole('button', { name: 'Gem rettelsen' }).click();
    await expect.poll(() => m.page.getByText('Rettelsen af svaret er gemt.').count()).toBe(1);
    await expect.poll(() => m.page.getByText('Takket nej → Intet svar').count()).toBe(1);
    await expectAccessible(m.page, 'case page with a corrected offer answer');

    // A note is never changed: a correction is a new note that names it, in the notes and in the timeline.
    await m.page.locator('#note-body').fill('Samtale med moren om skolen.');
    await m.page.getByRole('button', { name: 'Gem notat' }).click();
    await expect.poll(() => m.page.getByText('Notatet er gemt.').count()).toBe(1);
    await m.page.getByRole('button', { name: /^Skriv en rettelse til noten af/ }).click();
    await expect.poll(() => m.page.evaluate(() => document.activeElement?.id)).toBe('note-body');
    await m.page.locator('#note-body').fill('Rettelse: samtalen var med faren.');
    await m.page.getByRole('button', { name: 'Gem notat' }).click();
    await expect.poll(() => m.page.getByText('Rettet ved note af', { exact: false }).count()).toBe(1);
    await expect.poll(() => m.page.getByText(/^Rettelse til note af/).count()).toBeGreaterThanOrEqual(2);
    expect(await m.page.getByText('Samtale med moren om skolen.').count()).toBeGreaterThan(0);
    await expectAccessible(m.page, 'case page with a correction note');
    await expectNoBrowserStorage(m.page);
    const history = await systemTransaction(j.server.ctx.db, (tx) => tx.query<{ record_type: string; field: string }>(
      'SELECT record_type, field FROM field_history ORDER BY changed_at, record_type'));
    expect(history.rows).toEqual([{ record_type: 'infohus_assessment', field: 'reasoning' }, { record_type: 'offer', field: 'response' }]);
    const notes = await systemTransaction(j.server.ctx.db, (tx) => tx.query<{ body: string; corrects: string | null }>(
      'SELECT n.body, o.body AS corrects FROM case_notes n LEFT JOIN case_notes o ON o.id = n.corrects_note_id WHERE n.case_id = $1 ORDER BY n.written_at, n.id', [caseId]));
    expect(notes.rows).toContainEqual({ body: 'Rettelse: samtalen var med faren.', corrects: 'Samtale med moren om skolen.' });
  });
});
