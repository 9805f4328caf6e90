// The messages the background accepts, in one place (Ruffle's messages.ts pattern).
//   {type: 'ecoute/analyze', posts: Post[]}  content script → background: annotate and count a batch
//   {type: 'ecoute/status'}                  popup/dashboard → background: engine state and last error
//   {type: 'ecoute/listening', op, ...}      dashboard → background: listening ops (src/listening.rs)
//                                            (op 'save_post' also from content scripts: the badge's save)
//   {type: 'ecoute/health', ...}             content script → background/health.js: does the adapter read posts?
//   {type: 'ecoute/instances', op, ...}      options page → background/instances.js: Mastodon/Bluesky servers
// The first three are routed by main.js through `isMessage`; health.js and instances.js guard their own
// type and sender. Replies: {ok: true, ...} or {ok: false, error: string}.
const MAX_BATCH = 500;

/** Guard: is `msg` one of ours, well formed? Anything else is ignored, never trusted. */
export function isMessage(msg) {
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string' || !msg.type.startsWith('ecoute/')) return false;
  if (msg.type === 'ecoute/analyze') return Array.isArray(msg.posts) && msg.posts.length <= MAX_BATCH;
  if (msg.type === 'ecoute/listening') return typeof msg.op === 'string' && msg.op.length <= 40;
  return true;
}
