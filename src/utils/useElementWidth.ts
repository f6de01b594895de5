import { useCallback, useEffect, useState } from 'react';

/**
 * The width of an element, kept current with a ResizeObserver (charts need pixel sizes). Returns a callback ref,
 * so an element that mounts after the component (e.g. once its data has loaded) is measured too.
 */
export function useElementWidth<T extends HTMLElement>(): [(element: T | null) => void, number] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  const ref = useCallback((mounted: T | null) => {
    setElement(mounted);
    if (mounted) {
      setWidth(mounted.clientWidth);
    }
  }, []);
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [ref, width];
}
