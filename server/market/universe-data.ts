// The listed universe: every S&P 500 constituent and the most-traded US ETFs, one per line.
// Written from public knowledge of the index and of fund listings around the end of 2025; the
// index changes a few times a quarter, so a recent addition may be missing or a recent deletion
// still listed. Names are the issuers' own; simulation inputs (prices, volatility, dividends,
// fundamentals) are not here: the hand-tuned entries in universe.ts keep theirs, and every other
// symbol's are derived from its ticker (universe.ts, `derivedEntry`).
//
// Stocks: SYMBOL|name|exchange|sector[|price]. ETFs: SYMBOL|name|exchange|category|profile[|price].
// The optional price is a rough level around the end of 2025 for well-known symbols, so that, say,
// VOO and IVV trade near SPY; without it the level is drawn from the ticker like everything else.
// Exchange codes: N = NYSE, Q = Nasdaq, A = NYSE Arca, Z = Cboe BZX.
// Sector codes are the 11 GICS sectors, under the names quotes use:
//   IT Technology (GICS Information Technology), COM Communication Services,
//   CD Consumer Cyclical (GICS Consumer Discretionary), CS Consumer Defensive (GICS Consumer
//   Staples), EN Energy, FIN Financial Services (GICS Financials), HC Healthcare (GICS Health
//   Care), IND Industrials, MAT Basic Materials (GICS Materials), RE Real Estate, UT Utilities.
// An ETF's profile picks the ranges its simulated behaviour is drawn from (universe.ts, PROFILES).

export const STOCK_LINES = `
AAPL|Apple Inc.|Q|IT
ACN|Accenture plc|N|IT|265
ADBE|Adobe Inc.|Q|IT
ADI|Analog Devices, Inc.|Q|IT
ADSK|Autodesk, Inc.|Q|IT
AKAM|Akamai Technologies, Inc.|Q|IT
AMAT|Applied Materials, Inc.|Q|IT
AMD|Advanced Micro Devices, Inc.|Q|IT
ANET|Arista Networks, Inc.|N|IT
APH|Amphenol Corporation|N|IT
APP|AppLovin Corporation|Q|IT
AVGO|Broadcom Inc.|Q|IT|345
CDNS|Cadence Design Systems, Inc.|Q|IT
CDW|CDW Corporation|Q|IT
CRM|Salesforce, Inc.|N|IT
CRWD|CrowdStrike Holdings, Inc.|Q|IT
CSCO|Cisco Systems, Inc.|Q|IT
CTSH|Cognizant Technology Solutions Corporation|Q|IT
DDOG|Datadog, Inc.|Q|IT
DELL|Dell Technologies Inc.|N|IT
ENPH|Enphase Energy, Inc.|Q|IT
EPAM|EPAM Systems, Inc.|N|IT
FFIV|F5, Inc.|Q|IT
FICO|Fair Isaac Corporation|N|IT
FSLR|First Solar, Inc.|Q|IT
FTNT|Fortinet, Inc.|Q|IT
GDDY|GoDaddy Inc.|N|IT
GEN|Gen Digital Inc.|Q|IT
GLW|Corning Incorporated|N|IT
HPE|Hewlett Packard Enterprise Company|N|IT
HPQ|HP Inc.|N|IT
IBM|International Business Machines Corporation|N|IT
INTC|Intel Corporation|Q|IT
INTU|Intuit Inc.|Q|IT
IT|Gartner, Inc.|N|IT
JBL|Jabil Inc.|N|IT
KEYS|Keysight Technologies, Inc.|N|IT
KLAC|KLA Corporation|Q|IT
LRCX|Lam Research Corporation|Q|IT
MCHP|Microchip Technology Incorporated|Q|IT
MPWR|Monolithic Power Systems, Inc.|Q|IT
MSFT|Microsoft Corporation|Q|IT
MSI|Motorola Solutions, Inc.|N|IT
MU|Micron Technology, Inc.|Q|IT
NOW|ServiceNow, Inc.|N|IT
NTAP|NetApp, Inc.|Q|IT
NVDA|NVIDIA Corporation|Q|IT
NXPI|NXP Semiconductors N.V.|Q|IT
ON|ON Semiconductor Corporation|Q|IT
ORCL|Oracle Corporation|N|IT
PANW|Palo Alto Networks, Inc.|Q|IT
PLTR|Palantir Technologies Inc.|Q|IT|180
PTC|PTC Inc.|Q|IT
QCOM|QUALCOMM Incorporated|Q|IT
ROP|Roper Technologies, Inc.|Q|IT
SMCI|Super Micro Computer, Inc.|Q|IT
SNPS|Synopsys, Inc.|Q|IT
STX|Seagate Technology Holdings plc|Q|IT
SWKS|Skyworks Solutions, Inc.|Q|IT
TDY|Teledyne Technologies Incorporated|N|IT
TEL|TE Connectivity plc|N|IT
TER|Teradyne, Inc.|Q|IT
TRMB|Trimble Inc.|Q|IT
TXN|Texas Instruments Incorporated|Q|IT
TYL|Tyler Technologies, Inc.|N|IT
VRSN|VeriSign, Inc.|Q|IT
WDAY|Workday, Inc.|Q|IT
WDC|Western Digital Corporation|Q|IT
ZBRA|Zebra Technologies Corporation|Q|IT
CHTR|Charter Communications, Inc.|Q|COM
CMCSA|Comcast Corporation|Q|COM
DIS|The Walt Disney Company|N|COM
EA|Electronic Arts Inc.|Q|COM
FOX|Fox Corporation Class B|Q|COM
FOXA|Fox Corporation Class A|Q|COM
GOOG|Alphabet Inc. Class C|Q|COM
GOOGL|Alphabet Inc. Class A|Q|COM|313
IPG|The Interpublic Group of Companies, Inc.|N|COM
LYV|Live Nation Entertainment, Inc.|N|COM
META|Meta Platforms, Inc.|Q|COM
MTCH|Match Group, Inc.|Q|COM
NFLX|Netflix, Inc.|Q|COM
NWS|News Corporation Class B|Q|COM
NWSA|News Corporation Class A|Q|COM
OMC|Omnicom Group Inc.|N|COM
PSKY|Paramount Skydance Corporation|Q|COM
T|AT&T Inc.|N|COM
TKO|TKO Group Holdings, Inc.|N|COM
TMUS|T-Mobile US, Inc.|Q|COM
TTWO|Take-Two Interactive Software, Inc.|Q|COM
VZ|Verizon Communications Inc.|N|COM
WBD|Warner Bros. Discovery, Inc.|Q|COM
ABNB|Airbnb, Inc.|Q|CD
AMZN|Amazon.com, Inc.|Q|CD
APTV|Aptiv PLC|N|CD
AZO|AutoZone, Inc.|N|CD
BBY|Best Buy Co., Inc.|N|CD
BKNG|Booking Holdings Inc.|Q|CD
CCL|Carnival Corporation & plc|N|CD
CMG|Chipotle Mexican Grill, Inc.|N|CD
CZR|Caesars Entertainment, Inc.|Q|CD
DASH|DoorDash, Inc.|Q|CD
DECK|Deckers Outdoor Corporation|N|CD
DHI|D.R. Horton, Inc.|N|CD
DPZ|Domino's Pizza, Inc.|Q|CD
DRI|Darden Restaurants, Inc.|N|CD
EBAY|eBay Inc.|Q|CD
EXPE|Expedia Group, Inc.|Q|CD
F|Ford Motor Company|N|CD
GM|General Motors Company|N|CD
GPC|Genuine Parts Company|N|CD
GRMN|Garmin Ltd.|N|CD
HAS|Hasbro, Inc.|Q|CD
HD|The Home Depot, Inc.|N|CD
HLT|Hilton Worldwide Holdings Inc.|N|CD
KMX|CarMax, Inc.|N|CD
LEN|Lennar Corporation|N|CD
LKQ|LKQ Corporation|Q|CD
LOW|Lowe's Companies, Inc.|N|CD
LULU|Lululemon Athletica Inc.|Q|CD
LVS|Las Vegas Sands Corp.|N|CD
MAR|Marriott International, Inc.|Q|CD
MCD|McDonald's Corporation|N|CD
MGM|MGM Resorts International|N|CD
MHK|Mohawk Industries, Inc.|N|CD
NCLH|Norwegian Cruise Line Holdings Ltd.|N|CD
NKE|NIKE, Inc.|N|CD
NVR|NVR, Inc.|N|CD
ORLY|O'Reilly Automotive, Inc.|Q|CD
PHM|PulteGroup, Inc.|N|CD
POOL|Pool Corporation|Q|CD
RCL|Royal Caribbean Cruises Ltd.|N|CD
RL|Ralph Lauren Corporation|N|CD
ROST|Ross Stores, Inc.|Q|CD
SBUX|Starbucks Corporation|Q|CD
TJX|The TJX Companies, Inc.|N|CD
TPR|Tapestry, Inc.|N|CD
TSCO|Tractor Supply Company|Q|CD
TSLA|Tesla, Inc.|Q|CD
ULTA|Ulta Beauty, Inc.|Q|CD
WSM|Williams-Sonoma, Inc.|N|CD
WYNN|Wynn Resorts, Limited|Q|CD
YUM|Yum! Brands, Inc.|N|CD
ADM|Archer-Daniels-Midland Company|N|CS
BF.B|Brown-Forman Corporation Class B|N|CS
BG|Bunge Global SA|N|CS
CAG|Conagra Brands, Inc.|N|CS
CHD|Church & Dwight Co., Inc.|N|CS
CL|Colgate-Palmolive Company|N|CS
CLX|The Clorox Company|N|CS
COST|Costco Wholesale Corporation|Q|CS
CPB|The Campbell's Company|Q|CS
DG|Dollar General Corporation|N|CS
DLTR|Dollar Tree, Inc.|Q|CS
EL|The Estee Lauder Companies Inc.|N|CS
GIS|General Mills, Inc.|N|CS
HRL|Hormel Foods Corporation|N|CS
HSY|The Hershey Company|N|CS
KDP|Keurig Dr Pepper Inc.|Q|CS
KHC|The Kraft Heinz Company|Q|CS
KMB|Kimberly-Clark Corporation|N|CS
KO|The Coca-Cola Company|N|CS
KR|The Kroger Co.|N|CS
KVUE|Kenvue Inc.|N|CS
LW|Lamb Weston Holdings, Inc.|N|CS
MDLZ|Mondelez International, Inc.|Q|CS
MKC|McCormick & Company, Incorporated|N|CS
MNST|Monster Beverage Corporation|Q|CS
MO|Altria Group, Inc.|N|CS
PEP|PepsiCo, Inc.|Q|CS
PG|The Procter & Gamble Company|N|CS
PM|Philip Morris International Inc.|N|CS
SJM|The J. M. Smucker Company|N|CS
STZ|Constellation Brands, Inc.|N|CS
SYY|Sysco Corporation|N|CS
TAP|Molson Coors Beverage Company|N|CS
TGT|Target Corporation|N|CS
TSN|Tyson Foods, Inc.|N|CS
WMT|Walmart Inc.|Q|CS
APA|APA Corporation|Q|EN
BKR|Baker Hughes Company|Q|EN
COP|ConocoPhillips|N|EN
CTRA|Coterra Energy Inc.|N|EN
CVX|Chevron Corporation|N|EN
DVN|Devon Energy Corporation|N|EN
EOG|EOG Resources, Inc.|N|EN
EQT|EQT Corporation|N|EN
EXE|Expand Energy Corporation|Q|EN
FANG|Diamondback Energy, Inc.|Q|EN
HAL|Halliburton Company|N|EN
KMI|Kinder Morgan, Inc.|N|EN
MPC|Marathon Petroleum Corporation|N|EN
OKE|ONEOK, Inc.|N|EN
OXY|Occidental Petroleum Corporation|N|EN
PSX|Phillips 66|N|EN
SLB|SLB N.V.|N|EN
TPL|Texas Pacific Land Corporation|N|EN
TRGP|Targa Resources Corp.|N|EN
VLO|Valero Energy Corporation|N|EN
WMB|The Williams Companies, Inc.|N|EN
XOM|Exxon Mobil Corporation|N|EN
ACGL|Arch Capital Group Ltd.|Q|FIN
AFL|Aflac Incorporated|N|FIN
AIG|American International Group, Inc.|N|FIN
AIZ|Assurant, Inc.|N|FIN
AJG|Arthur J. Gallagher & Co.|N|FIN
ALL|The Allstate Corporation|N|FIN
AMP|Ameriprise Financial, Inc.|N|FIN
AON|Aon plc|N|FIN
APO|Apollo Global Management, Inc.|N|FIN
AXP|American Express Company|N|FIN
BAC|Bank of America Corporation|N|FIN
BEN|Franklin Resources, Inc.|N|FIN
BK|The Bank of New York Mellon Corporation|N|FIN
BLK|BlackRock, Inc.|N|FIN
BRK.B|Berkshire Hathaway Inc. Class B|N|FIN
BRO|Brown & Brown, Inc.|N|FIN
BX|Blackstone Inc.|N|FIN
C|Citigroup Inc.|N|FIN
CB|Chubb Limited|N|FIN
CBOE|Cboe Global Markets, Inc.|Z|FIN
CFG|Citizens Financial Group, Inc.|N|FIN
CINF|Cincinnati Financial Corporation|Q|FIN
CME|CME Group Inc.|Q|FIN
COF|Capital One Financial Corporation|N|FIN
COIN|Coinbase Global, Inc.|Q|FIN
CPAY|Corpay, Inc.|N|FIN
EG|Everest Group, Ltd.|N|FIN
ERIE|Erie Indemnity Company|Q|FIN
FDS|FactSet Research Systems Inc.|N|FIN
FI|Fiserv, Inc.|N|FIN
FIS|Fidelity National Information Services, Inc.|N|FIN
FITB|Fifth Third Bancorp|Q|FIN
GL|Globe Life Inc.|N|FIN
GPN|Global Payments Inc.|N|FIN
GS|The Goldman Sachs Group, Inc.|N|FIN|880
HBAN|Huntington Bancshares Incorporated|Q|FIN
HIG|The Hartford Insurance Group, Inc.|N|FIN
HOOD|Robinhood Markets, Inc.|Q|FIN
IBKR|Interactive Brokers Group, Inc.|Q|FIN
ICE|Intercontinental Exchange, Inc.|N|FIN
IVZ|Invesco Ltd.|N|FIN
JKHY|Jack Henry & Associates, Inc.|Q|FIN
JPM|JPMorgan Chase & Co.|N|FIN
KEY|KeyCorp|N|FIN
KKR|KKR & Co. Inc.|N|FIN
L|Loews Corporation|N|FIN
MA|Mastercard Incorporated|N|FIN
MCO|Moody's Corporation|N|FIN
MET|MetLife, Inc.|N|FIN
MKTX|MarketAxess Holdings Inc.|Q|FIN
MMC|Marsh & McLennan Companies, Inc.|N|FIN
MS|Morgan Stanley|N|FIN
MSCI|MSCI Inc.|N|FIN
MTB|M&T Bank Corporation|N|FIN
NDAQ|Nasdaq, Inc.|Q|FIN
NTRS|Northern Trust Corporation|Q|FIN
PFG|Principal Financial Group, Inc.|Q|FIN
PGR|The Progressive Corporation|N|FIN
PNC|The PNC Financial Services Group, Inc.|N|FIN
PRU|Prudential Financial, Inc.|N|FIN
PYPL|PayPal Holdings, Inc.|Q|FIN
RF|Regions Financial Corporation|N|FIN
RJF|Raymond James Financial, Inc.|N|FIN
SCHW|The Charles Schwab Corporation|N|FIN
SPGI|S&P Global Inc.|N|FIN
STT|State Street Corporation|N|FIN
SYF|Synchrony Financial|N|FIN
TFC|Truist Financial Corporation|N|FIN
TROW|T. Rowe Price Group, Inc.|Q|FIN
TRV|The Travelers Companies, Inc.|N|FIN
USB|U.S. Bancorp|N|FIN
V|Visa Inc.|N|FIN
WFC|Wells Fargo & Company|N|FIN
WRB|W. R. Berkley Corporation|N|FIN
WTW|Willis Towers Watson Public Limited Company|Q|FIN
XYZ|Block, Inc.|N|FIN
A|Agilent Technologies, Inc.|N|HC
ABBV|AbbVie Inc.|N|HC
ABT|Abbott Laboratories|N|HC|125
ALGN|Align Technology, Inc.|Q|HC
AMGN|Amgen Inc.|Q|HC
BAX|Baxter International Inc.|N|HC
BDX|Becton, Dickinson and Company|N|HC
BIIB|Biogen Inc.|Q|HC
BMY|Bristol-Myers Squibb Company|N|HC
BSX|Boston Scientific Corporation|N|HC
CAH|Cardinal Health, Inc.|N|HC
CI|The Cigna Group|N|HC
CNC|Centene Corporation|N|HC
COO|The Cooper Companies, Inc.|Q|HC
COR|Cencora, Inc.|N|HC
CRL|Charles River Laboratories International, Inc.|N|HC
CVS|CVS Health Corporation|N|HC
DGX|Quest Diagnostics Incorporated|N|HC
DHR|Danaher Corporation|N|HC
DVA|DaVita Inc.|N|HC
DXCM|DexCom, Inc.|Q|HC
ELV|Elevance Health, Inc.|N|HC
EW|Edwards Lifesciences Corporation|N|HC
GEHC|GE HealthCare Technologies Inc.|Q|HC
GILD|Gilead Sciences, Inc.|Q|HC
HCA|HCA Healthcare, Inc.|N|HC
HOLX|Hologic, Inc.|Q|HC
HSIC|Henry Schein, Inc.|Q|HC
HUM|Humana Inc.|N|HC
IDXX|IDEXX Laboratories, Inc.|Q|HC
INCY|Incyte Corporation|Q|HC
IQV|IQVIA Holdings Inc.|N|HC
ISRG|Intuitive Surgical, Inc.|Q|HC
JNJ|Johnson & Johnson|N|HC
LH|Labcorp Holdings Inc.|N|HC
LLY|Eli Lilly and Company|N|HC
MCK|McKesson Corporation|N|HC
MDT|Medtronic plc|N|HC
MOH|Molina Healthcare, Inc.|N|HC
MRK|Merck & Co., Inc.|N|HC
MRNA|Moderna, Inc.|Q|HC
MTD|Mettler-Toledo International Inc.|N|HC
PFE|Pfizer Inc.|N|HC
PODD|Insulet Corporation|Q|HC
REGN|Regeneron Pharmaceuticals, Inc.|Q|HC
RMD|ResMed Inc.|N|HC
RVTY|Revvity, Inc.|N|HC
SOLV|Solventum Corporation|N|HC
STE|STERIS plc|N|HC
SYK|Stryker Corporation|N|HC
TECH|Bio-Techne Corporation|Q|HC
TMO|Thermo Fisher Scientific Inc.|N|HC|580
UHS|Universal Health Services, Inc.|N|HC
UNH|UnitedHealth Group Incorporated|N|HC
VRTX|Vertex Pharmaceuticals Incorporated|Q|HC
VTRS|Viatris Inc.|Q|HC
WAT|Waters Corporation|N|HC
WST|West Pharmaceutical Services, Inc.|N|HC
ZBH|Zimmer Biomet Holdings, Inc.|N|HC
ZTS|Zoetis Inc.|N|HC
ADP|Automatic Data Processing, Inc.|Q|IND
ALLE|Allegion plc|N|IND
AME|AMETEK, Inc.|N|IND
AOS|A. O. Smith Corporation|N|IND
AXON|Axon Enterprise, Inc.|Q|IND
BA|The Boeing Company|N|IND
BLDR|Builders FirstSource, Inc.|N|IND
BR|Broadridge Financial Solutions, Inc.|N|IND
CARR|Carrier Global Corporation|N|IND
CAT|Caterpillar Inc.|N|IND|570
CHRW|C.H. Robinson Worldwide, Inc.|Q|IND
CMI|Cummins Inc.|N|IND
CPRT|Copart, Inc.|Q|IND
CSX|CSX Corporation|Q|IND
CTAS|Cintas Corporation|Q|IND
DAL|Delta Air Lines, Inc.|N|IND
DAY|Dayforce, Inc.|N|IND
DE|Deere & Company|N|IND
DOV|Dover Corporation|N|IND
EFX|Equifax Inc.|N|IND
EME|EMCOR Group, Inc.|N|IND
EMR|Emerson Electric Co.|N|IND
ETN|Eaton Corporation plc|N|IND
EXPD|Expeditors International of Washington, Inc.|N|IND
FAST|Fastenal Company|Q|IND
FDX|FedEx Corporation|N|IND
FTV|Fortive Corporation|N|IND
GD|General Dynamics Corporation|N|IND
GE|GE Aerospace|N|IND|300
GEV|GE Vernova Inc.|N|IND
GNRC|Generac Holdings Inc.|N|IND
GWW|W.W. Grainger, Inc.|N|IND
HII|Huntington Ingalls Industries, Inc.|N|IND
HON|Honeywell International Inc.|Q|IND
HUBB|Hubbell Incorporated|N|IND
HWM|Howmet Aerospace Inc.|N|IND
IEX|IDEX Corporation|N|IND
IR|Ingersoll Rand Inc.|N|IND
ITW|Illinois Tool Works Inc.|N|IND
J|Jacobs Solutions Inc.|N|IND
JBHT|J.B. Hunt Transport Services, Inc.|Q|IND
JCI|Johnson Controls International plc|N|IND
LDOS|Leidos Holdings, Inc.|N|IND
LHX|L3Harris Technologies, Inc.|N|IND
LII|Lennox International Inc.|N|IND
LMT|Lockheed Martin Corporation|N|IND
LUV|Southwest Airlines Co.|N|IND
MAS|Masco Corporation|N|IND
MMM|3M Company|N|IND
NDSN|Nordson Corporation|Q|IND
NOC|Northrop Grumman Corporation|N|IND
NSC|Norfolk Southern Corporation|N|IND
ODFL|Old Dominion Freight Line, Inc.|Q|IND
OTIS|Otis Worldwide Corporation|N|IND
PAYC|Paycom Software, Inc.|N|IND
PAYX|Paychex, Inc.|Q|IND
PCAR|PACCAR Inc|Q|IND
PH|Parker-Hannifin Corporation|N|IND
PNR|Pentair plc|N|IND
PWR|Quanta Services, Inc.|N|IND
ROK|Rockwell Automation, Inc.|N|IND
ROL|Rollins, Inc.|N|IND
RSG|Republic Services, Inc.|N|IND
RTX|RTX Corporation|N|IND
SNA|Snap-on Incorporated|N|IND
SWK|Stanley Black & Decker, Inc.|N|IND
TDG|TransDigm Group Incorporated|N|IND
TT|Trane Technologies plc|N|IND
TXT|Textron Inc.|N|IND
UAL|United Airlines Holdings, Inc.|Q|IND
UBER|Uber Technologies, Inc.|N|IND
UNP|Union Pacific Corporation|N|IND
UPS|United Parcel Service, Inc.|N|IND
URI|United Rentals, Inc.|N|IND
VLTO|Veralto Corporation|N|IND
VRSK|Verisk Analytics, Inc.|Q|IND
WAB|Westinghouse Air Brake Technologies Corporation|N|IND
WM|Waste Management, Inc.|N|IND
XYL|Xylem Inc.|N|IND
ALB|Albemarle Corporation|N|MAT
AMCR|Amcor plc|N|MAT
APD|Air Products and Chemicals, Inc.|N|MAT
AVY|Avery Dennison Corporation|N|MAT
BALL|Ball Corporation|N|MAT
CF|CF Industries Holdings, Inc.|N|MAT
CTVA|Corteva, Inc.|N|MAT
DD|DuPont de Nemours, Inc.|N|MAT
DOW|Dow Inc.|N|MAT
ECL|Ecolab Inc.|N|MAT
EMN|Eastman Chemical Company|N|MAT
FCX|Freeport-McMoRan Inc.|N|MAT
IFF|International Flavors & Fragrances Inc.|N|MAT
IP|International Paper Company|N|MAT
LIN|Linde plc|Q|MAT|460
LYB|LyondellBasell Industries N.V.|N|MAT
MLM|Martin Marietta Materials, Inc.|N|MAT
MOS|The Mosaic Company|N|MAT
NEM|Newmont Corporation|N|MAT
NUE|Nucor Corporation|N|MAT
PKG|Packaging Corporation of America|N|MAT
PPG|PPG Industries, Inc.|N|MAT
SHW|The Sherwin-Williams Company|N|MAT
STLD|Steel Dynamics, Inc.|Q|MAT
SW|Smurfit Westrock plc|N|MAT
VMC|Vulcan Materials Company|N|MAT
AMT|American Tower Corporation|N|RE
ARE|Alexandria Real Estate Equities, Inc.|N|RE
AVB|AvalonBay Communities, Inc.|N|RE
BXP|BXP, Inc.|N|RE
CBRE|CBRE Group, Inc.|N|RE
CCI|Crown Castle Inc.|N|RE
CPT|Camden Property Trust|N|RE
CSGP|CoStar Group, Inc.|Q|RE
DLR|Digital Realty Trust, Inc.|N|RE
DOC|Healthpeak Properties, Inc.|N|RE
EQIX|Equinix, Inc.|Q|RE
EQR|Equity Residential|N|RE
ESS|Essex Property Trust, Inc.|N|RE
EXR|Extra Space Storage Inc.|N|RE
FRT|Federal Realty Investment Trust|N|RE
HST|Host Hotels & Resorts, Inc.|Q|RE
INVH|Invitation Homes Inc.|N|RE
IRM|Iron Mountain Incorporated|N|RE
KIM|Kimco Realty Corporation|N|RE
MAA|Mid-America Apartment Communities, Inc.|N|RE
O|Realty Income Corporation|N|RE
PLD|Prologis, Inc.|N|RE
PSA|Public Storage|N|RE
REG|Regency Centers Corporation|Q|RE
SBAC|SBA Communications Corporation|Q|RE
SPG|Simon Property Group, Inc.|N|RE
UDR|UDR, Inc.|N|RE
VICI|VICI Properties Inc.|N|RE
VTR|Ventas, Inc.|N|RE
WELL|Welltower Inc.|N|RE
WY|Weyerhaeuser Company|N|RE
AEE|Ameren Corporation|N|UT
AEP|American Electric Power Company, Inc.|Q|UT
AES|The AES Corporation|N|UT
ATO|Atmos Energy Corporation|N|UT
AWK|American Water Works Company, Inc.|N|UT
CEG|Constellation Energy Corporation|Q|UT
CMS|CMS Energy Corporation|N|UT
CNP|CenterPoint Energy, Inc.|N|UT
D|Dominion Energy, Inc.|N|UT
DTE|DTE Energy Company|N|UT
DUK|Duke Energy Corporation|N|UT
ED|Consolidated Edison, Inc.|N|UT
EIX|Edison International|N|UT
ES|Eversource Energy|N|UT
ETR|Entergy Corporation|N|UT
EVRG|Evergy, Inc.|Q|UT
EXC|Exelon Corporation|Q|UT
FE|FirstEnergy Corp.|N|UT
LNT|Alliant Energy Corporation|Q|UT
NEE|NextEra Energy, Inc.|N|UT
NI|NiSource Inc.|N|UT
NRG|NRG Energy, Inc.|N|UT
PCG|PG&E Corporation|N|UT
PEG|Public Service Enterprise Group Incorporated|N|UT
PNW|Pinnacle West Capital Corporation|N|UT
PPL|PPL Corporation|N|UT
SO|The Southern Company|N|UT
SRE|Sempra|N|UT
VST|Vistra Corp.|N|UT
WEC|WEC Energy Group, Inc.|N|UT
XEL|Xcel Energy Inc.|Q|UT
`;

export const ETF_LINES = `
VTI|Vanguard Total Stock Market ETF|A|Total US Market|eq
SCHB|Schwab U.S. Broad Market ETF|A|Total US Market|eq
ITOT|iShares Core S&P Total U.S. Stock Market ETF|A|Total US Market|eq
SCHF|Schwab International Equity ETF|A|Foreign Large Blend|intl
VEA|Vanguard FTSE Developed Markets ETF|A|Foreign Large Blend|intl
IXUS|iShares Core MSCI Total International Stock ETF|Q|Foreign Large Blend|intl
VWO|Vanguard FTSE Emerging Markets ETF|A|Diversified Emerging Markets|em
IEMG|iShares Core MSCI Emerging Markets ETF|A|Diversified Emerging Markets|em
SCHE|Schwab Emerging Markets Equity ETF|A|Diversified Emerging Markets|em
VIG|Vanguard Dividend Appreciation ETF|A|US Dividend|eq
SCHD|Schwab U.S. Dividend Equity ETF|A|US Dividend|eq
DVY|iShares Select Dividend ETF|Q|US Dividend|eq
VDE|Vanguard Energy ETF|A|Sector: Energy|energy
XLE|Energy Select Sector SPDR Fund|A|Sector: Energy|energy
VNQ|Vanguard Real Estate ETF|A|Real Estate|reit
IYR|iShares U.S. Real Estate ETF|A|Real Estate|reit
SCHH|Schwab U.S. REIT ETF|A|Real Estate|reit
VTEB|Vanguard Tax-Exempt Bond ETF|A|Municipal Bond|muni
TFI|SPDR Nuveen ICE Municipal Bond ETF|A|Municipal Bond|muni
MUB|iShares National Muni Bond ETF|A|Municipal Bond|muni
EMB|iShares J.P. Morgan USD Emerging Markets Bond ETF|Q|Emerging Markets Bond|emb
PCY|Invesco Emerging Markets Sovereign Debt ETF|A|Emerging Markets Bond|emb
EMLC|VanEck J.P. Morgan EM Local Currency Bond ETF|A|Emerging Markets Bond|emb
LQD|iShares iBoxx $ Investment Grade Corporate Bond ETF|A|Corporate Bond|corp
VCIT|Vanguard Intermediate-Term Corporate Bond ETF|Q|Corporate Bond|corp
SPIB|SPDR Portfolio Intermediate Term Corporate Bond ETF|A|Corporate Bond|corp
SPY|SPDR S&P 500 ETF Trust|A|Large Blend|eq
QQQ|Invesco QQQ Trust|Q|Large Growth|growth
BND|Vanguard Total Bond Market ETF|Q|Intermediate Core Bond|agg
AGG|iShares Core U.S. Aggregate Bond ETF|A|Intermediate Core Bond|agg
VOO|Vanguard S&P 500 ETF|A|Large Blend|eq|627
IVV|iShares Core S&P 500 ETF|A|Large Blend|eq|684
SPLG|SPDR Portfolio S&P 500 ETF|A|Large Blend|eq|80
RSP|Invesco S&P 500 Equal Weight ETF|A|Large Blend|eq|190
IWB|iShares Russell 1000 ETF|A|Large Blend|eq|375
SCHX|Schwab U.S. Large-Cap ETF|A|Large Blend|eq
VV|Vanguard Large-Cap ETF|A|Large Blend|eq
DIA|SPDR Dow Jones Industrial Average ETF Trust|A|Large Value|eq|480
QQQM|Invesco NASDAQ 100 ETF|Q|Large Growth|growth|252
VUG|Vanguard Growth ETF|A|Large Growth|growth|480
IWF|iShares Russell 1000 Growth ETF|A|Large Growth|growth|460
SCHG|Schwab U.S. Large-Cap Growth ETF|A|Large Growth|growth|31
SPYG|SPDR Portfolio S&P 500 Growth ETF|A|Large Growth|growth
MGK|Vanguard Mega Cap Growth ETF|A|Large Growth|growth
VTV|Vanguard Value ETF|A|Large Value|value|185
IWD|iShares Russell 1000 Value ETF|A|Large Value|value|205
SPYV|SPDR Portfolio S&P 500 Value ETF|A|Large Value|value
SCHV|Schwab U.S. Large-Cap Value ETF|A|Large Value|value
VYM|Vanguard High Dividend Yield Index ETF|A|US Dividend|value|140
DGRO|iShares Core Dividend Growth ETF|A|US Dividend|eq
NOBL|ProShares S&P 500 Dividend Aristocrats ETF|Z|US Dividend|value
COWZ|Pacer US Cash Cows 100 ETF|Z|Mid-Cap Value|value
JEPI|JPMorgan Equity Premium Income ETF|A|Derivative Income|income|57
JEPQ|JPMorgan Nasdaq Equity Premium Income ETF|Q|Derivative Income|income|58
QYLD|Global X NASDAQ 100 Covered Call ETF|Q|Derivative Income|income
SPLV|Invesco S&P 500 Low Volatility ETF|A|Large Blend|income
USMV|iShares MSCI USA Min Vol Factor ETF|Z|Large Blend|income
MTUM|iShares MSCI USA Momentum Factor ETF|Z|Large Growth|growth
QUAL|iShares MSCI USA Quality Factor ETF|Z|Large Blend|eq
IJH|iShares Core S&P Mid-Cap ETF|A|Mid-Cap Blend|mid|65
MDY|SPDR S&P MidCap 400 ETF Trust|A|Mid-Cap Blend|mid|590
VO|Vanguard Mid-Cap ETF|A|Mid-Cap Blend|mid
IWR|iShares Russell Mid-Cap ETF|A|Mid-Cap Blend|mid
SCHM|Schwab U.S. Mid-Cap ETF|A|Mid-Cap Blend|mid
VOE|Vanguard Mid-Cap Value ETF|A|Mid-Cap Value|mid
IWM|iShares Russell 2000 ETF|A|Small Blend|small|248
IJR|iShares Core S&P Small-Cap ETF|A|Small Blend|small|118
VB|Vanguard Small-Cap ETF|A|Small Blend|small
SCHA|Schwab U.S. Small-Cap ETF|A|Small Blend|small
VBR|Vanguard Small-Cap Value ETF|A|Small Value|small
AVUV|Avantis U.S. Small Cap Value ETF|A|Small Value|small
IWN|iShares Russell 2000 Value ETF|A|Small Value|small
IWO|iShares Russell 2000 Growth ETF|A|Small Growth|small
VBK|Vanguard Small-Cap Growth ETF|A|Small Growth|small
IWV|iShares Russell 3000 ETF|A|Total US Market|eq
DFAC|Dimensional U.S. Core Equity 2 ETF|A|Large Blend|eq
ESGU|iShares ESG Aware MSCI USA ETF|Q|Large Blend|eq
VT|Vanguard Total World Stock ETF|A|Global Large Blend|intl|138
ACWI|iShares MSCI ACWI ETF|Q|Global Large Blend|intl
VXUS|Vanguard Total International Stock ETF|Q|Foreign Large Blend|intl|72
IEFA|iShares Core MSCI EAFE ETF|Z|Foreign Large Blend|intl|86
EFA|iShares MSCI EAFE ETF|A|Foreign Large Blend|intl|93
SPDW|SPDR Portfolio Developed World ex-US ETF|A|Foreign Large Blend|intl
VGK|Vanguard FTSE Europe ETF|A|Europe Stock|intl|80
EWJ|iShares MSCI Japan ETF|A|Japan Stock|intl|80
EWG|iShares MSCI Germany ETF|A|Europe Stock|intl
EWU|iShares MSCI United Kingdom ETF|A|Europe Stock|intl
EWC|iShares MSCI Canada ETF|A|Foreign Large Blend|intl
EEM|iShares MSCI Emerging Markets ETF|A|Diversified Emerging Markets|em|54
SPEM|SPDR Portfolio Emerging Markets ETF|A|Diversified Emerging Markets|em
EMXC|iShares MSCI Emerging Markets ex China ETF|Q|Diversified Emerging Markets|em
FXI|iShares China Large-Cap ETF|A|China Region|em|39
MCHI|iShares MSCI China ETF|Q|China Region|em
KWEB|KraneShares CSI China Internet ETF|A|China Region|em|36
INDA|iShares MSCI India ETF|Z|India Equity|em
EWZ|iShares MSCI Brazil ETF|A|Latin America Stock|em
EWW|iShares MSCI Mexico ETF|A|Latin America Stock|em
EWT|iShares MSCI Taiwan ETF|A|Pacific/Asia ex-Japan Stock|em
EWY|iShares MSCI South Korea ETF|A|Pacific/Asia ex-Japan Stock|em
XLK|Technology Select Sector SPDR Fund|A|Sector: Technology|sector|290
VGT|Vanguard Information Technology ETF|A|Sector: Technology|sector|750
FTEC|Fidelity MSCI Information Technology Index ETF|A|Sector: Technology|sector
IYW|iShares U.S. Technology ETF|A|Sector: Technology|sector
SMH|VanEck Semiconductor ETF|Q|Sector: Technology|sector|330
SOXX|iShares Semiconductor ETF|Q|Sector: Technology|sector|290
XLF|Financial Select Sector SPDR Fund|A|Sector: Financials|sector|54
VFH|Vanguard Financials ETF|A|Sector: Financials|sector
KRE|SPDR S&P Regional Banking ETF|A|Sector: Financials|sector|62
KBE|SPDR S&P Bank ETF|A|Sector: Financials|sector
XLV|Health Care Select Sector SPDR Fund|A|Sector: Health Care|sector|150
VHT|Vanguard Health Care ETF|A|Sector: Health Care|sector
XBI|SPDR S&P Biotech ETF|A|Sector: Health Care|sector|110
IBB|iShares Biotechnology ETF|Q|Sector: Health Care|sector
XLY|Consumer Discretionary Select Sector SPDR Fund|A|Sector: Consumer Discretionary|sector|235
VCR|Vanguard Consumer Discretionary ETF|A|Sector: Consumer Discretionary|sector
XRT|SPDR S&P Retail ETF|A|Sector: Consumer Discretionary|sector
XHB|SPDR S&P Homebuilders ETF|A|Sector: Consumer Discretionary|sector
ITB|iShares U.S. Home Construction ETF|Z|Sector: Consumer Discretionary|sector
XLP|Consumer Staples Select Sector SPDR Fund|A|Sector: Consumer Staples|sector|78
VDC|Vanguard Consumer Staples ETF|A|Sector: Consumer Staples|sector
XLI|Industrial Select Sector SPDR Fund|A|Sector: Industrials|sector|152
VIS|Vanguard Industrials ETF|A|Sector: Industrials|sector
JETS|U.S. Global Jets ETF|A|Sector: Industrials|sector
XLB|Materials Select Sector SPDR Fund|A|Sector: Materials|sector|90
VAW|Vanguard Materials ETF|A|Sector: Materials|sector
XME|SPDR S&P Metals & Mining ETF|A|Sector: Materials|sector
XLU|Utilities Select Sector SPDR Fund|A|Sector: Utilities|sector|86
VPU|Vanguard Utilities ETF|A|Sector: Utilities|sector
XLC|Communication Services Select Sector SPDR Fund|A|Sector: Communication Services|sector|115
VOX|Vanguard Communication Services ETF|A|Sector: Communication Services|sector
XLRE|Real Estate Select Sector SPDR Fund|A|Real Estate|reit|42
XOP|SPDR S&P Oil & Gas Exploration & Production ETF|A|Sector: Energy|energy
AMLP|Alerian MLP ETF|A|Energy Limited Partnership|energy
ARKK|ARK Innovation ETF|Z|Thematic: Innovation|theme|80
ARKG|ARK Genomic Revolution ETF|Z|Thematic: Innovation|theme
ARKW|ARK Next Generation Internet ETF|Z|Thematic: Innovation|theme
TAN|Invesco Solar ETF|A|Thematic: Clean Energy|theme
ICLN|iShares Global Clean Energy ETF|Q|Thematic: Clean Energy|theme
LIT|Global X Lithium & Battery Tech ETF|A|Thematic: Batteries|theme
URA|Global X Uranium ETF|A|Thematic: Uranium|theme
GDX|VanEck Gold Miners ETF|A|Equity Precious Metals|miners|75
GDXJ|VanEck Junior Gold Miners ETF|A|Equity Precious Metals|miners
COPX|Global X Copper Miners ETF|A|Sector: Materials|miners
TLT|iShares 20+ Year Treasury Bond ETF|Q|Long Government Bond|tsyl|88
VGLT|Vanguard Long-Term Treasury ETF|Q|Long Government Bond|tsyl
IEF|iShares 7-10 Year Treasury Bond ETF|Q|Intermediate Government Bond|tsy|96
IEI|iShares 3-7 Year Treasury Bond ETF|Q|Intermediate Government Bond|tsy
VGIT|Vanguard Intermediate-Term Treasury ETF|Q|Intermediate Government Bond|tsy
GOVT|iShares U.S. Treasury Bond ETF|Z|Intermediate Government Bond|tsy
SCHR|Schwab Intermediate-Term U.S. Treasury ETF|A|Intermediate Government Bond|tsy
SHY|iShares 1-3 Year Treasury Bond ETF|Q|Short Government Bond|short|83
VGSH|Vanguard Short-Term Treasury ETF|Q|Short Government Bond|short
SCHO|Schwab Short-Term U.S. Treasury ETF|A|Short Government Bond|short
SHV|iShares Short Treasury Bond ETF|Q|Ultrashort Bond|cash
BIL|SPDR Bloomberg 1-3 Month T-Bill ETF|A|Ultrashort Bond|cash|91.5
SGOV|iShares 0-3 Month Treasury Bond ETF|A|Ultrashort Bond|cash|100.5
JPST|JPMorgan Ultra-Short Income ETF|Z|Ultrashort Bond|cash
MINT|PIMCO Enhanced Short Maturity Active ETF|A|Ultrashort Bond|cash
FLOT|iShares Floating Rate Bond ETF|Z|Ultrashort Bond|cash
TIP|iShares TIPS Bond ETF|A|Inflation-Protected Bond|tsy
SCHP|Schwab U.S. TIPS ETF|A|Inflation-Protected Bond|tsy
SCHZ|Schwab U.S. Aggregate Bond ETF|A|Intermediate Core Bond|agg
BIV|Vanguard Intermediate-Term Bond ETF|A|Intermediate Core Bond|agg
BSV|Vanguard Short-Term Bond ETF|A|Short-Term Bond|short
MBB|iShares MBS ETF|Q|Intermediate Government Bond|agg
VMBS|Vanguard Mortgage-Backed Securities ETF|Q|Intermediate Government Bond|agg
BNDX|Vanguard Total International Bond ETF|Q|Global Bond-USD Hedged|agg
VCSH|Vanguard Short-Term Corporate Bond ETF|Q|Short-Term Bond|corp
IGSB|iShares 1-5 Year Investment Grade Corporate Bond ETF|Q|Short-Term Bond|corp
IGIB|iShares 5-10 Year Investment Grade Corporate Bond ETF|Q|Corporate Bond|corp
VCLT|Vanguard Long-Term Corporate Bond ETF|Q|Long-Term Bond|corpl
HYG|iShares iBoxx $ High Yield Corporate Bond ETF|A|High Yield Bond|hy|80.5
JNK|SPDR Bloomberg High Yield Bond ETF|A|High Yield Bond|hy|97
USHY|iShares Broad USD High Yield Corporate Bond ETF|Z|High Yield Bond|hy
BKLN|Invesco Senior Loan ETF|A|Bank Loan|hy
SRLN|SPDR Blackstone Senior Loan ETF|A|Bank Loan|hy
PFF|iShares Preferred and Income Securities ETF|Q|Preferred Stock|hy
GLD|SPDR Gold Shares|A|Commodities: Gold|gold|395
IAU|iShares Gold Trust|A|Commodities: Gold|gold|81
GLDM|SPDR Gold MiniShares Trust|A|Commodities: Gold|gold
SLV|iShares Silver Trust|A|Commodities: Precious Metals|silver|46
SIVR|abrdn Silver ETF Trust|A|Commodities: Precious Metals|silver
PPLT|abrdn Platinum ETF Trust|A|Commodities: Precious Metals|silver
USO|United States Oil Fund, LP|A|Commodities: Energy|oil|70
UNG|United States Natural Gas Fund, LP|A|Commodities: Energy|gas|13
DBC|Invesco DB Commodity Index Tracking Fund|A|Commodities: Broad Basket|cmdty
PDBC|Invesco Optimum Yield Diversified Commodity Strategy No K-1 ETF|Q|Commodities: Broad Basket|cmdty
DBA|Invesco DB Agriculture Fund|A|Commodities: Agriculture|cmdty
CPER|United States Copper Index Fund|A|Commodities: Industrial Metals|cmdty
UUP|Invesco DB US Dollar Index Bullish Fund|A|Currency|currency
IBIT|iShares Bitcoin Trust ETF|Q|Digital Assets|crypto|60
FBTC|Fidelity Wise Origin Bitcoin Fund|Z|Digital Assets|crypto
GBTC|Grayscale Bitcoin Trust ETF|A|Digital Assets|crypto
ETHA|iShares Ethereum Trust ETF|Q|Digital Assets|crypto
BITO|ProShares Bitcoin Strategy ETF|A|Digital Assets|crypto
TQQQ|ProShares UltraPro QQQ|Q|Trading: Leveraged Equity|lev|105
SQQQ|ProShares UltraPro Short QQQ|Q|Trading: Inverse Equity|inv|15
SPXL|Direxion Daily S&P 500 Bull 3X Shares|A|Trading: Leveraged Equity|lev
UPRO|ProShares UltraPro S&P500|A|Trading: Leveraged Equity|lev
SOXL|Direxion Daily Semiconductor Bull 3X Shares|A|Trading: Leveraged Equity|lev
SOXS|Direxion Daily Semiconductor Bear 3X Shares|A|Trading: Inverse Equity|inv
TNA|Direxion Daily Small Cap Bull 3X Shares|A|Trading: Leveraged Equity|lev
TZA|Direxion Daily Small Cap Bear 3X Shares|A|Trading: Inverse Equity|inv
UVXY|ProShares Ultra VIX Short-Term Futures ETF|Z|Trading: Volatility|vol
VXX|iPath Series B S&P 500 VIX Short-Term Futures ETN|Z|Trading: Volatility|vol
`;
