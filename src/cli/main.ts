const USAGE = `Usage: vigil <command> [options]

Commands are added as they land; run \`vigil <command> --help\` for each.`;

process.stdout.write(`${USAGE}\n`);
