// Is pibx's dnsmasq running? A shell function the state dump and the stop script share.

/** `alive <pid>`: a live (not zombie) dnsmasq; a killed daemon may linger unreaped under its reaper. */
export const DNSMASQ_ALIVE =
  'alive() { [ "$(cat /proc/$1/comm 2>/dev/null)" = dnsmasq ] && ! grep -q "^State:[[:space:]]*Z" /proc/$1/status; }';
