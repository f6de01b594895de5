export type ServerName = 'prometheus' | 'alertmanager' | 'pushgateway';

/** A running server of the test stack; `stop()` ends it by its PID and removes its temporary directory. */
export interface ServerHandle {
  name: ServerName;
  url: string;
  pid: number;
  version: string;
  dataDir: string;
  stop(): Promise<void>;
}
