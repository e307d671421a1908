/**
 * Telling an agent an offer arrived when they are looking elsewhere: a short two-tone beep made
 * with WebAudio (no audio files) and a browser notification. Browsers allow both only after a
 * user gesture, so `unlock()` is called from one (signing in, the bell button).
 */
const SOUND = 'baton.console.sound';

export function createAlerts() {
  let audio = null;
  let soundOn = readSound();

  function readSound() {
    try {
      return localStorage.getItem(SOUND) !== 'off';
    } catch {
      return true;
    }
  }

  function ensureAudio() {
    if (!audio) {
      const Context = window.AudioContext ?? window.webkitAudioContext;
      if (!Context) return null;
      audio = new Context();
    }
    if (audio.state === 'suspended') audio.resume().catch(() => {});
    return audio;
  }

  function beep() {
    if (!soundOn || !audio) return;
    const context = ensureAudio();
    if (!context) return;
    const start = context.currentTime + 0.01;
    [[880, 0], [1175, 0.16]].forEach(([frequency, offset]) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.15);
    });
  }

  return {
    get notificationPermission() {
      return 'Notification' in window ? Notification.permission : 'unsupported';
    },
    get soundOn() {
      return soundOn;
    },
    setSound(on) {
      soundOn = on;
      try {
        localStorage.setItem(SOUND, on ? 'on' : 'off');
      } catch {
        /* a private window without storage: the choice lasts this page */
      }
      if (on) ensureAudio();
    },
    /** From a user gesture: lets the beep play and asks for notifications once. */
    unlock() {
      ensureAudio();
      if ('Notification' in window && Notification.permission === 'default') {
        return Notification.requestPermission().catch(() => Notification.permission);
      }
      return Promise.resolve(this.notificationPermission);
    },
    /** An offer arrived: beep, and a notification (its tag is the conversation, so one per offer). */
    offer({ title, body, tag, onClick }) {
      beep();
      if (!('Notification' in window) || Notification.permission !== 'granted') return;
      try {
        const notification = new Notification(title, { body, tag });
        notification.onclick = () => {
          window.focus();
          notification.close();
          onClick?.();
        };
      } catch {
        /* some browsers allow notifications only from a service worker; the beep still played */
      }
    },
  };
}
