// Time as the person lives it: days and hours in the browser's time zone, across midnight and a DST
// change, in a half-hour zone too; undated posts never plotted at the hour they were read; the popup,
// the dashboard's summary and the exports give the same totals. The browser runs with TZ set, as a
// person in Paris (or Kolkata) has it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, serve } from './harness.mjs';

/** The local day and hour of an instant in `zone`, as a person there reads a clock. */
function local(iso, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: parts.hour };
}

// Around the 2026 spring change in Europe (29 March, 01:00 UTC: 02:00 CET becomes 03:00 CEST).
const TIMES = ['2026-03-28T22:59:00Z', '2026-03-28T23:30:00Z', '2026-03-29T00:45:00Z', '2026-03-29T01:30:00Z', '2026-03-29T21:50:00Z', '2026-03-29T22:10:00Z'];

for (const zone of ['Europe/Paris', 'Asia/Kolkata']) {
  describe(`in ${zone}`, () => {
    let server, browser, page;
    const ask = async (op, fields = {}) => {
      const r = await page.evaluate((m) => chrome.runtime.sendMessage(m), { type: 'ecoute/listening', op, ...fields });
      assert.equal(r.ok, true, r.error);
      return r.result;
    };
    const analyze = (posts) => page.evaluate((posts) => chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts }), posts);

    before(async () => {
      server = await serve({});
      browser = await launch(server, { timezone: zone });
      page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
      await ask('set_retention', { days: 3650 });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('the browser and its service worker are in that zone', async () => {
      const sw = await browser.worker();
      // ICU may name a zone by an older alias (Asia/Calcutta): the same rules.
      const named = await sw.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
      assert.ok([zone, zone.replace('Kolkata', 'Calcutta')].includes(named), named);
    });

    test('posts land on their local day and hour, across midnight and the DST change', async () => {
      const posts = TIMES.map((time, i) => ({ site: 'x', id: `t${i}`, text: 'Brioche Phone 2 : bof', author: { handle: `a${i}` }, time }));
      const r = await analyze(posts);
      assert.equal(r.ok, true, r.error);
      const s = await ask('summary', { filter: { from: '2026-03-27', to: '2026-03-31' } });
      const want = {};
      for (const t of TIMES) {
        const { day, hour } = local(t, zone);
        want[day] ??= {};
        want[day][hour] = (want[day][hour] || 0) + 1;
      }
      const got = Object.fromEntries(s.tallies.map((d) => [d.day, Object.fromEntries(Object.entries(d.hours).map(([h, c]) => [h, c.posts]))]));
      assert.deepEqual(got, want);
      if (zone === 'Europe/Paris') {
        // 22:59Z is 23:59 on the 28th; 23:30Z is 00:30 on the 29th; 01:30Z is 03:30 (the clock jumped).
        assert.deepEqual(want, { '2026-03-28': { 23: 1 }, '2026-03-29': { '00': 1, '01': 1, '03': 1, 23: 1 }, '2026-03-30': { '00': 1 } });
      } else {
        assert.equal(local('2026-03-28T23:30:00Z', zone).hour, '05', 'Kolkata is UTC+5:30');
        assert.ok(got['2026-03-29']['05'] >= 1);
      }
    });

    test('an undated post counts when seen, never in the hourly figures', async () => {
      const before = await ask('today');
      const r = await analyze([{ site: 'x', id: 'undated', text: 'sans date', author: { handle: 'u' } }]);
      assert.equal(r.ok, true);
      const today = await ask('today');
      assert.equal(today.seen.total.posts, (before.seen?.total.posts || 0) + 1);
      assert.equal(today.seen.undated.posts, (before.seen?.undated?.posts || 0) + 1);
      const s = await ask('summary', { filter: { from: today.day, to: today.day } });
      const hourly = s.tallies.reduce((n, d) => n + Object.values(d.hours).reduce((m, c) => m + c.posts, 0), 0);
      assert.equal(hourly, 0, 'nothing plotted at the reading hour');
      assert.equal(s.undated.reduce((n, d) => n + d.total.posts, 0), 1);
    });

    test('the summary, the tallies export and the posts export agree', async () => {
      const filter = { from: '2026-03-27', to: '2026-03-31' };
      const s = await ask('summary', { filter });
      const total = s.tallies.reduce((n, d) => n + d.total.posts, 0);
      assert.equal(total, TIMES.length);
      const json = JSON.parse((await ask('export', { request: { dataset: 'tallies', format: 'json', filter } })).text);
      assert.equal(json.tallies.reduce((n, d) => n + d.total.posts, 0), total);
      const lines = (await ask('export', { request: { dataset: 'posts', format: 'ndjson', filter } })).text.trim().split('\n').map((l) => JSON.parse(l));
      const posts = lines.filter((l) => l.type === 'post');
      assert.equal(posts.length, total);
      for (const p of posts) {
        // ISO 8601 with the local offset: the wall clock there, and the same instant.
        const src = TIMES[Number(p.id.slice(1))];
        assert.equal(Date.parse(p.time), Date.parse(src));
        const { hour } = local(src, zone);
        assert.equal(p.time.slice(11, 13), hour, p.time);
        assert.match(p.time, zone === 'Asia/Kolkata' ? /\+05:30$/ : /\+0[12]:00$/);
      }
    });
  });
}
