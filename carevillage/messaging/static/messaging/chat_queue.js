// The nurses' anonymous chat queue, live: the socket says only "the queue changed" and the
// page fetches itself again (the list is read through the access policy as on any load)
// and swaps in the new lists. Without this file the "Refresh the queue" link does it.
(function () {
  "use strict";
  var box = document.getElementById("chat-queue");
  var status = document.getElementById("queue-status");
  if (!box || !window.WebSocket || !window.fetch || !window.DOMParser) { return; }
  var delay = 1000;

  function say(text) { if (status) { status.textContent = text; } }

  function reload() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("refused"); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("chat-queue");
        if (!fresh) { return; }
        box.replaceChildren.apply(box, Array.prototype.slice.call(fresh.childNodes));
        say(status.getAttribute("data-updated-text"));
      })
      .catch(function () { say(status.getAttribute("data-offline-text")); });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + box.getAttribute("data-socket-path"));
    socket.onopen = function () {
      delay = 1000;
      box.setAttribute("data-live", "on");
    };
    socket.onmessage = function (event) {
      if (JSON.parse(event.data).type === "queue.changed") { reload(); }
    };
    socket.onclose = function (event) {
      box.setAttribute("data-live", "off");
      if (event.code >= 4000) { say(status.getAttribute("data-offline-text")); return; }
      window.setTimeout(function () { connect(); reload(); }, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
