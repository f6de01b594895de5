import { UserError } from '../command';

export interface ListenTarget {
  host: string;
  port: number;
  /** Where each came from, as the user wrote it: `--host 10.0.0.1`, `listen_port 9464 (config.yaml)`. */
  hostSource: string;
  portSource: string;
}

const HOST_PROBLEMS: Record<string, string> = {
  ENOTFOUND: 'no such host or address',
  EAI_AGAIN: 'the name could not be resolved',
  EADDRNOTAVAIL: 'not an address of this machine',
};

const PORT_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'not allowed to listen on it (ports below 1024 need privileges)',
};

/** A listen failure the user can fix (bad address, port taken) as one line naming the flag or key; else undefined. */
export function listenUserError(command: string, error: unknown, target: ListenTarget): UserError | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const where = `cannot listen on ${target.host}:${target.port}`;
  if (HOST_PROBLEMS[code]) {
    return new UserError(`${command}: ${where}: ${target.hostSource}: ${HOST_PROBLEMS[code]}`);
  }
  if (PORT_PROBLEMS[code]) {
    return new UserError(`${command}: ${where}: ${target.portSource}: ${PORT_PROBLEMS[code]}`);
  }
  return undefined;
}
