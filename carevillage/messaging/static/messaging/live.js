// Live messages for a thread page. Without this file the page works by reload.
// On every (re)connect the page asks for everything after the last message it shows,
// so nothing is missed while the connection was down. Text is inserted as text.
(function () {
  "use strict";
  var list = document.getElementById("message-list");
  var status = document.getElementById("live-status");
  if (!list || !window.WebSocket) { return; }
  var path = list.getAttribute("data-socket-path");
  var lastId = parseInt(list.getAttribute("data-last-id") || "0", 10);
  var delay = 1000;

  function say(text) { if (status) { status.textContent = text; } }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show(message) {
    if (message.id <= lastId || document.getElementById("message-" + message.id)) { return; }
    var item = element("li", "message-item" + (message.from_staff ? " from-staff" : "") +
      (message.internal ? " internal-note" : ""));
    item.id = "message-" + message.id;
    item.setAttribute("data-message-id", String(message.id));
    var meta = element("p", "message-meta");
    meta.appendChild(element("strong", "", message.author));
    if (message.internal) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "note-label", status.getAttribute("data-note-text")));
    }
    meta.appendChild(document.createTextNode(" "));
    var time = element("time", "", message.created_label);
    time.setAttribute("datetime", message.created_at);
    meta.appendChild(time);
    item.appendChild(meta);
    var body = element("div", "message-body", message.body);
    body.style.whiteSpace = "pre-wrap";
    item.appendChild(body);
    if (message.attachments.length && /^\/ws\/messages\/\d+\/$/.test(path)) {
      var files = element("ul", "attachments");
      files.setAttribute("aria-label", status.getAttribute("data-attachments-text"));
      var threadId = path.split("/")[3];
      message.attachments.forEach(function (file) {
        var link = element("a", "", file.name);
        link.href = window.location.pathname.replace(/\/messages\/\d+\/.*$/, "") +
          "/messages/" + threadId + "/attachments/" + file.id + "/";
        var li = element("li");
        li.appendChild(link);
        files.appendChild(li);
      });
      item.appendChild(files);
    }
    list.appendChild(item);
    lastId = message.id;
    list.setAttribute("data-last-id", String(lastId));
    say(status.getAttribute("data-new-text") + ": " + message.author);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.onopen = function () {
      delay = 1000;
      list.setAttribute("data-live", "on");
      say(status.getAttribute("data-live-text"));
      socket.send(JSON.stringify({ after: lastId }));
    };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "message") { show(data.message); }
    };
    socket.onclose = function (event) {
      list.setAttribute("data-live", "off");
      if (event.code === 4404) { say(status.getAttribute("data-offline-text")); return; }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
