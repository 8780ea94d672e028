// Who this server process is, for work it records as its own (an import job): another server,
// or this one after a restart, can then tell a job whose server is gone from one still running.
// The random part tells apart two processes with the same host and pid (containers, restarts).
import crypto from 'node:crypto';
import os from 'node:os';

/** hostname:pid:random, at most 60 characters (import_jobs.server_id). */
export const SERVER_ID = `${os.hostname().slice(0, 40)}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
