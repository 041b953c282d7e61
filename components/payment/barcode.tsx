"use client";

import { useLayoutEffect, useRef } from "react";

/**
 * The barcode drawn on the server (lib/payment-page/code-images.ts), with every module a whole
 * number of device pixels: the widest such size that fits its box, at this screen's density. A
 * module of 1.3 device pixels smears each bar into its neighbour and scanners fail on it. Without
 * JavaScript the server's 2 CSS pixels per module stand, which is whole at 1×, 1.5×, 2× and 3×.
 */
export function Barcode({ svg, className, testId }: { svg: string; className?: string; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = box.current;
    const image = element?.querySelector("svg");
    const modules = Number(image?.getAttribute("data-modules"));
    if (!element || !image || !modules) return;
    const snap = () => {
      const ratio = window.devicePixelRatio || 1;
      const perModule = Math.max(1, Math.floor((element.clientWidth * ratio) / modules));
      image.style.width = `${(perModule * modules) / ratio}px`;
      image.style.maxWidth = "none";
      // Whole modules still smear when the first bar starts between two device pixels (a box
      // centred at 1.5×): nudge it onto one.
      image.style.transform = "";
      const left = image.getBoundingClientRect().left * ratio;
      image.style.transform = `translateX(${(Math.round(left) - left) / ratio}px)`;
    };
    snap();
    // The box changes with the layout; the density with zoom or a move to another screen.
    const observer = new ResizeObserver(snap);
    observer.observe(element);
    window.addEventListener("resize", snap);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", snap);
    };
  }, [svg]);
  return <div ref={box} className={className} data-testid={testId} dangerouslySetInnerHTML={{ __html: svg }} />;
}
