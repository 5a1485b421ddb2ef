// The signed-out page (docs/OIDC.md, front-channel logout): once every client's logout frame has loaded (the window's
// load event waits for iframes), go on to where the sign-out leads. The page's meta refresh does it without script.
window.addEventListener('load', function () {
    var next = document.getElementById('cmq-continue');
    if (next) {
        window.location.replace(next.href);
    }
});
