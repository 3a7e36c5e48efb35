// The site's own behaviour, kept in this file so that the Content-Security-Policy can forbid
// inline scripts and handlers.

// A site notice closed with its "Close" button stays closed on the next pages of the visit and
// on later visits in this browser; a new notice (another id) shows again.
var CLOSED_NOTICES = "radhus.closedNotices";

function closedNotices() {
  try {
    return JSON.parse(window.localStorage.getItem(CLOSED_NOTICES) || "[]");
  } catch (error) {
    return []; // storage turned off or unreadable: the notice just closes on this page
  }
}

function hideClosedNotices() {
  var closed = closedNotices();
  document.querySelectorAll(".notice[data-notice]").forEach(function (notice) {
    if (closed.indexOf(notice.dataset.notice) !== -1) {
      notice.hidden = true;
    }
  });
  document.querySelectorAll(".notices").forEach(function (region) {
    region.hidden = !region.querySelector(".notice:not([hidden])");
  });
}

hideClosedNotices();

document.addEventListener("click", function (event) {
  var button = event.target.closest(".notice-close");
  if (!button) {
    return;
  }
  var notice = button.closest(".notice");
  var closed = closedNotices();
  if (notice.dataset.notice && closed.indexOf(notice.dataset.notice) === -1) {
    closed.push(notice.dataset.notice);
    try {
      window.localStorage.setItem(CLOSED_NOTICES, JSON.stringify(closed.slice(-50)));
    } catch (error) {
      // not kept: it closes on this page only
    }
  }
  notice.hidden = true;
  hideClosedNotices();
  // The button is gone: keep the keyboard's place at the next notice, or else the header.
  var next = document.querySelector(".notice:not([hidden]) .notice-close") || document.querySelector(".brand");
  if (next) {
    next.focus();
  }
});

// Folded documents print whole (browsers without ::details-content open them for the print).
var openedForPrint = [];
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (el) {
    el.open = true;
    openedForPrint.push(el);
  });
});
window.addEventListener("afterprint", function () {
  openedForPrint.forEach(function (el) {
    el.open = false;
  });
  openedForPrint = [];
});

// A wide organisation chart opens with its top box in view, not its left edge.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".chart-scroll[data-root-x]").forEach(function (el) {
    el.scrollLeft = Math.max(0, el.scrollWidth * parseFloat(el.dataset.rootX) - el.clientWidth / 2);
  });
});
