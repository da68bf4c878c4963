// The CommonJS entry: `require('finos')` is the Finos function itself, carrying every other
// export as a property, so both `require('finos')(key)` and `require('finos').FinosError` work.
import sdk = require('./index.js');

const Finos: typeof sdk.default & typeof sdk = Object.assign(sdk.default, sdk);

export = Finos;
