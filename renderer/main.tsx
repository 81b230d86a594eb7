import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickBridge } from './bridge';
import { App } from './app/App';
import { currentLocale, t } from './i18n';
import { createAppStore, StoreContext } from './store';
import './app/styles.css';

document.documentElement.lang = currentLocale();
document.title = t('app.name');

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
const bridge = pickBridge(window);
if (!bridge) {
  root.render(<p className="placeholder app-loading">{t('app.noToken')}</p>);
} else {
  const store = createAppStore(bridge);
  root.render(
    <StrictMode>
      <StoreContext value={store}>
        <App />
      </StoreContext>
    </StrictMode>,
  );
  void store.getState().init();
}
