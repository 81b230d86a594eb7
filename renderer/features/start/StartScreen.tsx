import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { t } from '../../i18n';
import { readPreference, writePreference } from '../../lib/preferences';
import { bytesToBase64 } from '../../lib/files';
import { useAppStore } from '../../store';
import { SettingsMenu } from '../settings/SettingsMenu';
import type { ProjectTemplate } from './projectSlice';
import './start.css';

/** Create a project, open one (recent list, a path in browser mode), or open the sample. */
export function StartScreen() {
  const { recent, busy, appInfo, mode } = useAppStore(
    useShallow((state) => ({
      recent: state.recent,
      busy: state.projectBusy,
      appInfo: state.appInfo,
      mode: state.bridge.mode,
    })),
  );
  const { createProject, openProject, createFromExchange } = useAppStore(
    useShallow((state) => ({
      createProject: state.createProject,
      openProject: state.openProject,
      createFromExchange: state.createProjectFromExchange,
    })),
  );
  const pickRequest = useAppStore((state) => state.exchangePickRequest);
  const exchangeInput = useRef<HTMLInputElement>(null);
  const [handledPick] = useState(pickRequest);
  // The menu's "New project from an exchange file…" lands here after the project closed.
  useEffect(() => {
    if (pickRequest > handledPick) exchangeInput.current?.click();
  }, [pickRequest, handledPick]);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<Exclude<ProjectTemplate, 'sample'>>('digital-governance');
  const [nameError, setNameError] = useState(false);
  // Who codes: remembered on this computer, so each new project starts with the same name.
  const [coder, setCoder] = useState(() => readPreference('coderName', '', isCoderName));
  const coderId = useId();
  const [path, setPath] = useState('');
  const nameId = useId();
  const pathId = useId();

  return (
    <main className="start" aria-busy={busy}>
      <div className="start-inner">
        <header className="start-header">
          <div>
            <h1 className="start-title">{t('app.name')}</h1>
            <p className="muted">{t('start.tagline')}</p>
          </div>
          <SettingsMenu />
        </header>
        <div className="start-columns">
          <form
            className="start-card"
            aria-labelledby="start-new-title"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim().length === 0) {
                setNameError(true);
                return;
              }
              const coderName = coder.trim();
              if (coderName) writePreference('coderName', coderName);
              void createProject(name, template, coderName || undefined);
            }}
          >
            <h2 id="start-new-title" className="card-title">
              {t('start.new.title')}
            </h2>
            <label htmlFor={nameId} className="field-label">
              {t('start.new.name')}
            </label>
            <input
              id={nameId}
              className="text-input"
              value={name}
              placeholder={t('start.new.namePlaceholder')}
              aria-invalid={nameError}
              aria-describedby={nameError ? `${nameId}-error` : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setNameError(false);
              }}
            />
            {nameError && (
              <p id={`${nameId}-error`} className="error-text">
                {t('start.new.nameRequired')}
              </p>
            )}
            <label htmlFor={coderId} className="field-label">
              {t('start.new.coder')}
            </label>
            <input
              id={coderId}
              className="text-input"
              value={coder}
              maxLength={200}
              autoComplete="name"
              placeholder={t('start.new.coderPlaceholder')}
              aria-describedby={`${coderId}-hint`}
              onChange={(event) => setCoder(event.target.value)}
            />
            <p id={`${coderId}-hint`} className="muted small">
              {t('start.new.coderHint')}
            </p>
            <fieldset className="templates">
              <legend className="field-label">{t('start.new.template')}</legend>
              <label className="template-option">
                <input
                  type="radio"
                  name="template"
                  checked={template === 'digital-governance'}
                  onChange={() => setTemplate('digital-governance')}
                />
                <span>
                  <span className="template-name">{t('start.new.templateDigital')}</span>
                  <span className="muted small">{t('start.new.templateDigitalHint')}</span>
                </span>
              </label>
              <label className="template-option">
                <input
                  type="radio"
                  name="template"
                  checked={template === 'empty'}
                  onChange={() => setTemplate('empty')}
                />
                <span>
                  <span className="template-name">{t('start.new.templateEmpty')}</span>
                  <span className="muted small">{t('start.new.templateEmptyHint')}</span>
                </span>
              </label>
            </fieldset>
            <div className="card-actions">
              <button type="submit" className="button primary" disabled={busy}>
                {busy ? t('start.busy') : t('start.new.create')}
              </button>
            </div>
            <div className="start-exchange">
              <input
                ref={exchangeInput}
                id="new-from-exchange-file"
                type="file"
                className="visually-hidden"
                tabIndex={-1}
                accept=".qdpx,.qde"
                aria-label={t('start.exchange.choose')}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = '';
                  if (!file) return;
                  void file
                    .arrayBuffer()
                    .then((bytes) =>
                      createFromExchange({ fileName: file.name, dataBase64: bytesToBase64(new Uint8Array(bytes)) }),
                    );
                }}
              />
              <button type="button" className="button" disabled={busy} onClick={() => exchangeInput.current?.click()}>
                {t('start.exchange.choose')}
              </button>
              <p className="muted small">{t('start.exchange.hint')}</p>
            </div>
            {appInfo?.projectsDir && (
              <p className="muted small">{t('start.new.savedIn', { dir: appInfo.projectsDir })}</p>
            )}
          </form>

          <div className="start-card">
            <h2 className="card-title">{t('start.open.title')}</h2>
            {mode === 'browser' ? (
              <form
                className="open-path"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (path.trim()) void openProject(path.trim());
                }}
              >
                <label htmlFor={pathId} className="field-label">
                  {t('start.open.path')}
                </label>
                <div className="input-row">
                  <input
                    id={pathId}
                    className="text-input"
                    value={path}
                    placeholder={t('start.open.pathPlaceholder')}
                    onChange={(event) => setPath(event.target.value)}
                  />
                  <button type="submit" className="button" disabled={busy || !path.trim()}>
                    {t('start.open.open')}
                  </button>
                </div>
              </form>
            ) : (
              <button type="button" className="button" disabled={busy} onClick={() => void openProject()}>
                {t('start.open.browse')}
              </button>
            )}
            <h3 className="subhead">{t('start.recent.title')}</h3>
            {recent.length === 0 ? (
              <p className="muted small">{t('start.recent.none')}</p>
            ) : (
              <ul className="recent-list" aria-label={t('start.recent.title')}>
                {recent.map((project) => (
                  <li key={project.path}>
                    <button
                      type="button"
                      className="recent-item"
                      disabled={busy || !project.exists}
                      onClick={() => void openProject(project.path)}
                      title={project.path}
                    >
                      <span className="recent-name">{project.name}</span>
                      <span className="recent-path muted">
                        {project.exists ? project.path : `${t('start.recent.missing')} · ${project.path}`}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="sample">
              <h3 className="subhead">{t('start.sample.title')}</h3>
              <p className="muted small">{t('start.sample.text')}</p>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void createProject(t('start.sample.name'), 'sample')}
              >
                {t('start.sample.open')}
              </button>
            </div>
          </div>
        </div>
      </div>
    </main>
  );
}

function isCoderName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200;
}
