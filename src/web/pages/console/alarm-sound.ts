// The alarm's ring, made with the Web Audio API (no audio file): a two-tone signal repeated
// until every case is acknowledged or the operator mutes it. Browsers keep audio suspended until
// the page has had a click or a key, so the console resumes the context on the first one and says
// whether sound is on.
let ctx: AudioContext | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

function context(): AudioContext | null {
  if (ctx) return ctx;
  const Ctor =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  ctx = new Ctor();
  return ctx;
}

/** Whether the browser lets the page make sound now. */
export const soundAllowed = () => context()?.state === 'running';

/** Resumes audio after a user gesture; resolves whether sound is now allowed. */
export async function unlockSound(): Promise<boolean> {
  const c = context();
  if (!c) return false;
  if (c.state !== 'running') await c.resume().catch(() => {});
  return c.state === 'running';
}

/** One burst: three high-low pairs, about 1.5 seconds. */
function burst() {
  const c = context();
  if (!c || c.state !== 'running') return;
  const gain = c.createGain();
  gain.gain.value = 0.15;
  gain.connect(c.destination);
  const osc = c.createOscillator();
  osc.type = 'square';
  const t0 = c.currentTime;
  for (let i = 0; i < 6; i++) osc.frequency.setValueAtTime(i % 2 ? 660 : 960, t0 + i * 0.25);
  osc.connect(gain);
  osc.start(t0);
  osc.stop(t0 + 1.5);
  osc.onended = () => gain.disconnect();
}

/** Rings now and every three seconds until stopRinging. */
export function startRinging() {
  if (timer) return;
  burst();
  timer = setInterval(burst, 3000);
}

export function stopRinging() {
  if (timer) clearInterval(timer);
  timer = null;
}

export const ringing = () => timer !== null;
