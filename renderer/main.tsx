import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickBridge } from './bridge';
import { App } from './app/App';
import { initialLocale, setLocale, t } from './i18n';
import { rememberedLocale, systemLanguages } from './features/settings/settingsSlice';
import { createAppStore, StoreContext } from './store';
import './app/styles.css';

// The language chosen in settings, else the operating system's; also sets <html lang>.
setLocale(initialLocale(rememberedLocale(), systemLanguages()));

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
