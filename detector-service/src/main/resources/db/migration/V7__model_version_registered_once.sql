-- A model version is registered once: the registry topic is compacted on the version, so a second registration of it
-- would replace the model under a name detectors already run. The API checks its own view of the registry first; this
-- index is what two administrators registering the same version at the same moment cannot both pass.
CREATE UNIQUE INDEX model_change_registered_once ON model_change (version) WHERE action = 'REGISTER';
