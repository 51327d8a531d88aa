// Article tools: print, text size with a reset to the original ("Gốc"), sharing.
(function () {
  "use strict";
  var STEP = 0.1, MIN = 0.8, MAX = 1.6, KEY = "congtin:text-scale";
  var article = document.querySelector("[data-article]");
  if (!article) return;

  function applyScale(scale) {
    scale = Math.min(MAX, Math.max(MIN, Math.round(scale * 10) / 10));
    if (scale === 1) article.style.removeProperty("--article-scale");
    else article.style.setProperty("--article-scale", String(scale));
    try { scale === 1 ? localStorage.removeItem(KEY) : localStorage.setItem(KEY, String(scale)); } catch (e) {}
    return scale;
  }
  var current = 1;
  try { current = parseFloat(localStorage.getItem(KEY)) || 1; } catch (e) {}
  current = applyScale(current);

  article.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var size = button.getAttribute("data-text-size");
    if (size === "up") current = applyScale(current + STEP);
    else if (size === "down") current = applyScale(current - STEP);
    else if (size === "reset") current = applyScale(1);
    else if (button.getAttribute("data-action") === "print") window.print();
    else if (button.getAttribute("data-action") === "share") share(button);
  });

  function share(button) {
    var url = button.getAttribute("data-url"), status = article.querySelector(".share-status");
    if (navigator.share) {
      navigator.share({ title: button.getAttribute("data-title"), url: url }).catch(function () {});
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(function () {
        if (status) status.textContent = "Đã chép địa chỉ bài viết, hãy dán vào Zalo.";
      });
    }
  }
})();

// "Tin đọc nhiều": one read counted, by a beacon to the address the page names
// (congtin/readership, docs/readership.md). Sent once the page is shown to someone: a page
// prerendered ahead of a click waits until it is shown, a tab opened in the background until
// it is looked at. The cached page itself costs the server nothing.
(function () {
  "use strict";
  var holder = document.querySelector("[data-read-beacon]");
  if (!holder) return;
  var url = holder.getAttribute("data-read-beacon"), sent = false;

  function send() {
    if (sent || document.prerendering || document.visibilityState !== "visible") return;
    sent = true;
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    if (window.fetch) fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(function () {});
  }
  document.addEventListener("prerenderingchange", send);
  document.addEventListener("visibilitychange", send);
  send();
})();
