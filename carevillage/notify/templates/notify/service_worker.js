/* CareVillage notifications service worker. A push carries only a title ("You have a new
   message", already in the reader's language) and a link on this site; nothing else. */
self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = {};
  }
  var title = typeof data.title === "string" ? data.title : "";
  var url = typeof data.url === "string" ? data.url : "/";
  event.waitUntil(self.registration.showNotification(title, { data: { url: url } }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = new URL(event.notification.data.url, self.location.origin);
  if (url.origin !== self.location.origin) {
    return; // only ever open pages of this site
  }
  event.waitUntil(self.clients.openWindow(url.href));
});
