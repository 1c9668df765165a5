// Shows the error line after a failed login (the page is static; the CSP allows no inline script).
if (new URLSearchParams(location.search).has('error')) document.getElementById('error').classList.add('shown');
