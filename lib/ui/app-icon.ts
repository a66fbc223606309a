/**
 * The app's icon, sent inside each page as a data: URL: a file would cost every navigation one more
 * request after the page has loaded (browsers ask for the icon once the load event has fired), which
 * kept the network busy after the page was complete. The CSP already allows data: images.
 */
const APP_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Database recovery">
  <title>Database recovery</title>
  <ellipse cx="13" cy="7" rx="10" ry="4" fill="#0369a1"/>
  <path d="M3 7v16c0 2.2 4.5 4 10 4 1.2 0 2.3-.1 3.4-.2A9 9 0 0 1 23 13.2V7c0 2.2-4.5 4-10 4S3 9.2 3 7z" fill="#0c4a6e"/>
  <circle cx="23" cy="22" r="8" fill="#f8fafc" stroke="#0369a1" stroke-width="2"/>
  <path d="M23 17v5l3 2" fill="none" stroke="#0c4a6e" stroke-width="2" stroke-linecap="round"/>
  <path d="M15.5 18.5l-1 3.5 3.5-1" fill="none" stroke="#0369a1" stroke-width="1.6" stroke-linecap="round"/>
</svg>`;

export const appIconDataUrl = `data:image/svg+xml,${encodeURIComponent(APP_ICON_SVG)}`;
