// The console's live link: one EventSource per page. A change in the jurisdiction or the minute
// tick asks for a fresh summary (coalesced, so a burst of changes is one request); a call pops;
// an alarm case's change (raised, repeated, acknowledged, escalated, closed) goes to the alarm panel.
import { useEffect, useRef, useState } from 'react';
import { setServerNow } from '../alarms/alarm-labels.js';

export interface IncomingCall {
  callId: string;
  caller: string;
  callerMasked: string;
  elders: { id: number; relation: string | null }[];
  at: string;
}

export interface AlarmChange {
  caseId: number;
  regionId: number | null;
  state: string;
  change: 'raised' | 'repeat' | 'acknowledged' | 'action' | 'escalated' | 'closed' | string;
  at: string;
}

export function useLiveConsole(
  onStale: () => void,
  onCall: (c: IncomingCall) => void,
  onAlarm: (a: AlarmChange) => void = () => {},
) {
  const [live, setLive] = useState(false);
  const stale = useRef(onStale);
  const call = useRef(onCall);
  const alarm = useRef(onAlarm);
  stale.current = onStale;
  call.current = onCall;
  alarm.current = onAlarm;
  useEffect(() => {
    const source = new EventSource('/api/console/stream');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stale.current(), 300);
    };
    const clock = (e: Event) => setServerNow((JSON.parse((e as MessageEvent).data) as { at: string }).at);
    source.addEventListener('ready', (e) => {
      clock(e);
      setLive(true);
      refresh();
    });
    source.addEventListener('changed', refresh);
    source.addEventListener('tick', (e) => {
      clock(e);
      refresh();
    });
    source.addEventListener('call', (e) => call.current(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('alarm', (e) => {
      clock(e);
      alarm.current(JSON.parse((e as MessageEvent).data));
    });
    // The browser reconnects by itself; until it has, the page says it is not live.
    source.onerror = () => setLive(false);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
  return live;
}
