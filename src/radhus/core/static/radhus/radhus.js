// The site's own behaviour, kept in this file so that the Content-Security-Policy can forbid
// inline scripts and handlers.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".notice-close");
  if (button) {
    button.parentElement.remove();
  }
});

// A wide organisation chart opens with its top box in view, not its left edge.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".chart-scroll[data-root-x]").forEach(function (el) {
    el.scrollLeft = Math.max(0, el.scrollWidth * parseFloat(el.dataset.rootX) - el.clientWidth / 2);
  });
});
