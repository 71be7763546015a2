/* Web push for the notification settings page: progressive enhancement only. Without
   JavaScript, or in a browser without push, the page keeps saying so and e-mail works. */
(function () {
  "use strict";
  var box = document.getElementById("push-controls");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  var status = document.getElementById("push-status");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  document.getElementById("push-unavailable").hidden = true;
  box.hidden = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function tell(result, body) {
    return fetch(box.dataset.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("refused");
      return result;
    });
  }

  function show(subscribed, text) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    status.textContent = text || (subscribed ? box.dataset.onText : box.dataset.offText);
  }

  function registration() {
    return navigator.serviceWorker.register(box.dataset.worker).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  registration().then(function (reg) {
    return reg.pushManager.getSubscription();
  }).then(function (existing) {
    show(Boolean(existing));
  }).catch(function () {
    show(false);
  });

  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        show(false, box.dataset.deniedText);
        return null;
      }
      return registration().then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key) });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        return tell(subscription, { action: "subscribe", endpoint: json.endpoint, keys: json.keys });
      }).then(function () {
        show(true);
      });
    }).catch(function () {
      show(false, box.dataset.failedText);
    });
  });

  off.addEventListener("click", function () {
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return tell(null, { action: "unsubscribe", endpoint: endpoint });
      });
    }).then(function () {
      show(false);
    }).catch(function () {
      show(false, box.dataset.failedText);
    });
  });
})();
