/* Progressive enhancement: fill "near" from the browser's location; the form works without it. */
(function () {
  var box = document.querySelector(".near-me"), near = document.getElementById("id_near");
  if (!navigator.geolocation || !box || !near) return;
  box.hidden = false;
  document.getElementById("use-my-location").addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      near.value = pos.coords.latitude.toFixed(4) + "," + pos.coords.longitude.toFixed(4);
      near.form.submit();
    });
  });
})();
