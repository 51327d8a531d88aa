// The QR sheet's print button (a script file: the Content-Security-Policy allows no onclick="…").
document.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
