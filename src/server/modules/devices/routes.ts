// The device registry's routes as one feature for the app: registry, location, free terminals.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.js';
import { deviceRegistryRoutes } from './device-routes.js';
import { locationRoutes } from './location-routes.js';
import { freeTerminalRoutes } from './free-terminal-routes.js';

export const deviceRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(deviceRegistryRoutes(deps));
    await app.register(locationRoutes(deps));
    await app.register(freeTerminalRoutes(deps));
  };
