import { UserError } from '../command';
import { reportCommand } from './report';

describe('vigil report --date', () => {
  it.each(['2026-02-31', '2026-02-29', '2026-04-31', '2026-13-01', '2026-1-5'])(
    'refuses %s, which is not a calendar day, naming the flag (exit 2)',
    async (date) => {
      const run = reportCommand.run(['--date', date, '--config', '/nonexistent/config.yaml']);
      await expect(run).rejects.toThrow(
        new UserError(`report: --date must be a calendar day such as 2026-01-31, got "${date}"`)
      );
      await expect(run).rejects.toMatchObject({ exitCode: 2 });
    }
  );

  it('takes a leap day', async () => {
    const run = reportCommand.run(['--date', '2028-02-29', '--config', '/nonexistent/config.yaml']);
    await expect(run).rejects.toThrow('cannot read config /nonexistent/config.yaml: file not found');
  });
});
