import { UNSAFE_RemixContext, useMatches } from "@remix-run/react";
import { useContext, useState } from "react";

/**
 * The page's JavaScript modules as `modulepreload` links in the head. Remix renders the same links
 * with its scripts at the end of the body, where a browser finds them only once it has parsed that
 * far: on a board, after 400 kB of cards, so the scripts started to load only when the HTML was in.
 * Listed here, they load while the HTML arrives. The list is the one Remix renders (the entry, its
 * imports, and each matched route's module and imports), fixed at the first render so that
 * hydration finds what the server sent.
 */
export function ModulePreloads() {
  const remix = useContext(UNSAFE_RemixContext);
  const matches = useMatches();
  const [hrefs] = useState(() => {
    if (!remix) return [];
    const { manifest } = remix;
    const routes = matches.flatMap((match) => {
      const route = manifest.routes[match.id];
      return route ? [...(route.imports ?? []), route.module] : [];
    });
    return [...new Set([manifest.entry.module, ...manifest.entry.imports, ...routes])];
  });
  return (
    <>
      {hrefs.map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
    </>
  );
}
