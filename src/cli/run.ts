// The executable entry (bin/dora.js imports it): everything else is importable without side effects.
import { endQuietlyOnClosedPipe, processIo } from "./io.js";
import { main } from "./main.js";

const argv = process.argv.slice(2);
endQuietlyOnClosedPipe(argv);
process.exitCode = await main(argv, processIo());
