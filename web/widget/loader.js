/*
 * Baton's chat widget, as a shop embeds it:
 *   <script src="https://baton.example/widget.js" data-channel="web" data-locale="zh-CN"
 *           data-session-url="/my-backend/baton-session"></script>
 * A classic script, so it works in any page: it reads its own attributes, then loads the widget's
 * modules from the server it came from (they are served with Access-Control-Allow-Origin: *).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__batonWidget) return;
  window.__batonWidget = true;

  var baseUrl = new URL(script.src, document.baseURI).origin;
  var options = {
    baseUrl: baseUrl,
    channel: script.getAttribute('data-channel') || 'web',
    locale: script.getAttribute('data-locale') || null,
    // The shop's own backend: relative to the shop's page, not to Baton.
    sessionUrl: new URL(script.getAttribute('data-session-url') || '/baton-session', document.baseURI).href,
  };

  function mount() {
    // A custom element's name, so the page's rules for div and the like do not reach it.
    var host = document.createElement('baton-widget');
    host.setAttribute('data-baton-widget', '');
    document.body.appendChild(host);
    options.host = host;
    import(new URL('/widget/app.js', baseUrl).href)
      .then(function (app) {
        return app.start(options);
      })
      .catch(function (error) {
        host.remove();
        window.__batonWidget = false;
        console.error('Baton widget could not start:', error);
      });
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
