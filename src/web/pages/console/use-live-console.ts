// The console's live link: one EventSource per page. A change in the jurisdiction or the minute
// tick asks for a fresh summary (coalesced, so a burst of changes is one request); a call pops.
import { useEffect, useRef, useState } from 'react';

export interface IncomingCall {
  callId: string;
  caller: string;
  callerMasked: string;
  elders: { id: number; relation: string | null }[];
  at: string;
}

export function useLiveConsole(onStale: () => void, onCall: (c: IncomingCall) => void) {
  const [live, setLive] = useState(false);
  const stale = useRef(onStale);
  const call = useRef(onCall);
  stale.current = onStale;
  call.current = onCall;
  useEffect(() => {
    const source = new EventSource('/api/console/stream');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stale.current(), 300);
    };
    source.addEventListener('ready', () => {
      setLive(true);
      refresh();
    });
    source.addEventListener('changed', refresh);
    source.addEventListener('tick', refresh);
    source.addEventListener('call', (e) => call.current(JSON.parse((e as MessageEvent).data)));
    // The browser reconnects by itself; until it has, the page says it is not live.
    source.onerror = () => setLive(false);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
  return live;
}
