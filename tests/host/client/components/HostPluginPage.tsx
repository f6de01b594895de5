import { css } from '@emotion/css';
import { PageLayoutType, type GrafanaTheme2, type NavModelItem } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { Tab, TabsBar, useStyles2 } from '@grafana/ui';
import React from 'react';

function breadcrumbs(pageNav: NavModelItem | undefined): NavModelItem[] {
  const chain: NavModelItem[] = [];
  for (let item = pageNav?.parentItem; item; item = item.parentItem) {
    chain.unshift(item);
  }
  return chain;
}

/** Grafana's plugin page chrome: breadcrumbs, title, subtitle, info, actions and the page's tabs. */
export function HostPluginPage({ pageNav, subTitle, actions, info, renderTitle, layout, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  if (layout === PageLayoutType.Custom) {
    return <>{children}</>;
  }
  const title = pageNav?.text ?? '';
  const tabs = pageNav?.children ?? [];
  const crumbs = breadcrumbs(pageNav);
  return (
    <div className={styles.page}>
      {layout !== PageLayoutType.Canvas && (
        <header className={styles.header}>
          {crumbs.length > 0 && (
            <nav aria-label="Breadcrumbs" className={styles.breadcrumbs}>
              {crumbs.map((crumb) => (
                <a key={crumb.url ?? crumb.text} href={crumb.url}>
                  {crumb.text}
                </a>
              ))}
            </nav>
          )}
          <div className={styles.titleRow}>
            {renderTitle ? renderTitle(title) : <h1 data-testid="data-testid page-title">{title}</h1>}
            {actions && <div className={styles.actions}>{actions}</div>}
          </div>
          {(subTitle ?? pageNav?.subTitle) && <div className={styles.subTitle}>{subTitle ?? pageNav?.subTitle}</div>}
          {info && (
            <dl className={styles.info}>
              {info.map((item) => (
                <div key={item.label}>
                  <dt>{item.label}</dt>
                  <dd>{item.value}</dd>
                </div>
              ))}
            </dl>
          )}
          {tabs.length > 0 && (
            <TabsBar>
              {tabs.map((tab) => (
                <Tab
                  key={tab.url ?? tab.text}
                  label={tab.text}
                  active={tab.active}
                  href={tab.url}
                  icon={tab.icon as never}
                  counter={tab.tabCounter}
                />
              ))}
            </TabsBar>
          )}
        </header>
      )}
      <div className={styles.content}>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, padding: theme.spacing(2, 3) }),
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), marginBottom: theme.spacing(2) }),
  breadcrumbs: css({
    display: 'flex',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    a: { color: 'inherit' },
  }),
  titleRow: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', h1: { margin: 0 } }),
  actions: css({ display: 'flex', gap: theme.spacing(1) }),
  subTitle: css({ color: theme.colors.text.secondary }),
  info: css({
    display: 'flex',
    gap: theme.spacing(3),
    margin: 0,
    dd: { margin: 0 },
    dt: { color: theme.colors.text.secondary },
  }),
  content: css({ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }),
});
