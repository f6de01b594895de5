import { css } from '@emotion/css';
import { AppEvents, BusEventWithPayload, type AlertErrorPayload, type AlertPayload } from '@grafana/data';
import { getAppEvents } from '@grafana/runtime';
import { Alert } from '@grafana/ui';
import React, { useEffect, useState } from 'react';

interface Notification {
  id: number;
  severity: 'success' | 'warning' | 'error';
  title: string;
  text?: string;
}

const VISIBLE_MS = 6000;

/** Bus events with the names of Grafana's legacy alert events, which is how `appEvents.emit(AppEvents.alertX)` publishes. */
class AlertSuccessEvent extends BusEventWithPayload<AlertPayload> {
  static type = AppEvents.alertSuccess.name;
}
class AlertWarningEvent extends BusEventWithPayload<AlertPayload> {
  static type = AppEvents.alertWarning.name;
}
class AlertErrorEvent extends BusEventWithPayload<AlertErrorPayload> {
  static type = AppEvents.alertError.name;
}

let nextId = 1;

function describe(payload: AlertPayload | AlertErrorPayload): { title: string; text?: string } {
  const [title, detail] = payload as unknown[];
  return { title: String(title), text: detail === undefined ? undefined : String(detail) };
}

/** Grafana's toast notifications for `appEvents` alertSuccess / alertWarning / alertError. */
export function Notifications() {
  const [items, setItems] = useState<Notification[]>([]);
  useEffect(() => {
    const events = getAppEvents();
    const show = (severity: Notification['severity']) => (payload: AlertPayload | AlertErrorPayload) => {
      const item = { id: nextId++, severity, ...describe(payload) };
      setItems((current) => [...current, item]);
      setTimeout(() => setItems((current) => current.filter((other) => other.id !== item.id)), VISIBLE_MS);
    };
    const subscriptions = [
      events.getStream(AlertSuccessEvent).subscribe((event) => show('success')(event.payload)),
      events.getStream(AlertWarningEvent).subscribe((event) => show('warning')(event.payload)),
      events.getStream(AlertErrorEvent).subscribe((event) => show('error')(event.payload)),
    ];
    return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
  }, []);
  return (
    <div className={css({ position: 'fixed', top: 56, right: 16, zIndex: 1100, width: 400 })}>
      {items.map((item) => (
        <Alert
          key={item.id}
          severity={item.severity}
          title={item.title}
          onRemove={() => setItems((current) => current.filter((other) => other.id !== item.id))}
        >
          {item.text}
        </Alert>
      ))}
    </div>
  );
}
