// Where application documents live on disk: under the data directory, named by checksum and
// type — one definition for the upload routes and the demo that stores its documents likewise.
import path from 'node:path';
import { contentStore } from '../../lib/content-store.js';

export const EXTENSIONS = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;

export const documentStore = (dataDir: string) => contentStore(path.join(dataDir, 'documents'), EXTENSIONS);
