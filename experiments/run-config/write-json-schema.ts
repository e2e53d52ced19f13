/**
 * Regenerates experiments/run-config/config.schema.json from the zod schema:
 * `npm run build && npm run schema:config`. A test fails when the file is out of date.
 */
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { CONFIG_SCHEMA_PATH, configJsonSchemaText } from './json-schema.js';

writeFileAtomic(CONFIG_SCHEMA_PATH, configJsonSchemaText());
console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
