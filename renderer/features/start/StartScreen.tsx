import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { t } from '../../i18n';
import { useAppStore } from '../../store';
import { SettingsMenu } from '../settings/SettingsMenu';
import type { ProjectTemplate } from './projectSlice';

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
  const { createProject, openProject } = useAppStore(
    useShallow((state) => ({ createProject: state.createProject, openProject: state.openProject })),
  );
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<Exclude<ProjectTemplate, 'sample'>>('digital-governance');
  const [nameError, setNameError] = useState(false);
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
              void createProject(name, template);
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
